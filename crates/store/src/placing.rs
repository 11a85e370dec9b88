//! Placing order lines with group commit (`group_commit`): on order day many members place
//! lines at once, and each batch of them is one write transaction. Every check of a line comes
//! before its first write, so a refused line leaves its neighbours in the batch alone.

use bayanihan_domain::trade::allocation::Policy;
use bayanihan_domain::Conflict;
use std::collections::{HashMap, HashSet};

use bayanihan_domain::Invalid;
use uuid::Uuid;

use crate::native::{run_now, NativeTx};
use crate::stmt::{text, Col, Exec, Param};

use crate::trade::{stock_refusal, Line, NewLine};
use crate::{now_micros, Store, StoreError};

pub(crate) type Placer = crate::group_commit::Queue<(Uuid, NewLine), Line>;

impl Store {
    /// Places a line. Under `first_come` the stock is reserved at once; a line beyond what
    /// is left is refused (conflict) saying how much is left. The stock is read and reserved
    /// inside the batch's write transaction (see `place_all`), so concurrent clients, in this
    /// process or another, can never oversell; the answer comes only once the line is
    /// committed.
    pub async fn place_line(&self, cycle: Uuid, line: &NewLine) -> Result<Line, StoreError> {
        crate::group_commit::submit(
            self,
            &self.writers.placer,
            |store, batch| Box::pin(place_batch(store, batch)),
            (cycle, line.clone()),
        )
        .await
    }
}

/// What the batch learned about a cycle, so each cycle is read once per batch.
struct CycleInfo {
    open: bool,
    policy: String,
    /// Consumer group → tier.
    tiers: HashMap<Uuid, u32>,
    pickup_points: HashSet<Uuid>,
}

/// Places every request in one transaction. `Err` only for a failure of the whole batch;
/// each request's own refusal is in its slot.
///
/// On SQLite the batch runs on the writer's own native connection (statements prepared once),
/// in one hop to a blocking thread: through sqlx every statement of every line would be handed
/// to its worker thread and back, and on order day that hand-off, not the work, was the cost.
async fn place_batch(
    store: &Store,
    batch: &[(Uuid, NewLine)],
) -> Result<Vec<Result<Line, StoreError>>, StoreError> {
    if let Some(file) = &store.sqlite_file {
        let (file, conn, batch) = (
            file.clone(),
            store.writers.placer_conn.clone(),
            batch.to_vec(),
        );
        return tokio::task::spawn_blocking(move || {
            // The writer task is this connection's only user: the lock is never contended.
            let mut conn = conn.lock().unwrap_or_else(|e| e.into_inner());
            crate::native::write_native(&file, &mut conn, |tx| {
                run_now(place_all(&mut NativeTx(tx), &batch, now_micros()))
            })
        })
        .await
        .map_err(|e| StoreError::Native(e.to_string(), false))?;
    }
    write_tx!(keeps_access; store, tx, {
        place_all(&mut tx, batch, now_micros()).await
    })
}

/// Places each request of a batch inside the caller's transaction, in a few statements
/// whatever the batch's size: the batch's cycles, people and offers are read once, every
/// line is judged in order against what the earlier lines of the batch took, and then the
/// reservations are written in one statement and the lines in a few. On PostgreSQL each
/// statement is a round trip, and a batch of 64 lines used to make 190 of them.
///
/// Never oversold: the offers are read inside the write transaction, which on SQLite holds
/// the write lock and on PostgreSQL is SERIALIZABLE (a concurrent writer of the same offers
/// makes one of the two retry).
async fn place_all<E: Exec>(
    db: &mut E,
    batch: &[(Uuid, NewLine)],
    now: i64,
) -> Result<Vec<Result<Line, StoreError>>, StoreError> {
    let mut cycles: HashMap<Uuid, CycleInfo> = HashMap::new();
    let mut missing = HashSet::new();
    for (cycle, _) in batch {
        if !cycles.contains_key(cycle) && !missing.contains(cycle) {
            match cycle_info(db, *cycle, now).await {
                Ok(info) => {
                    cycles.insert(*cycle, info);
                }
                // That request's answer (`judge`), not the batch's.
                Err(StoreError::NotFound(_)) => {
                    missing.insert(*cycle);
                }
                Err(e) => return Err(e),
            }
        }
    }
    let people = existing(
        db,
        "SELECT id FROM people WHERE id IN",
        batch.iter().filter_map(|(_, l)| l.person_id),
    )
    .await?;
    let mut offers = stock(db, batch.iter().map(|(_, l)| l.offer_id)).await?;
    let mut taken: HashMap<Uuid, i64> = HashMap::new();
    let mut results = Vec::with_capacity(batch.len());
    let mut placed = Vec::new();
    for (n, (cycle, l)) in batch.iter().enumerate() {
        let judged = judge(cycles.get(cycle), &people, &mut offers, *cycle, l).map(|tier| {
            *taken.entry(l.offer_id).or_default() += l.quantity as i64;
            Line {
                id: Uuid::new_v4(),
                cycle_id: *cycle,
                offer_id: l.offer_id,
                consumer_group_id: l.consumer_group_id,
                person_id: l.person_id,
                pickup_point_id: l.pickup_point_id,
                quantity: l.quantity,
                tier,
                allocated: None,
                reason: None,
                total: None,
            }
        });
        if let Ok(line) = &judged {
            placed.push((line.clone(), now + n as i64));
        }
        results.push(judged);
    }
    reserve_all(db, &taken).await?;
    insert_lines(db, &placed).await?;
    Ok(results)
}

/// What an offer holds, as read at the batch's start and taken by its earlier lines.
struct Stock {
    cycle: Uuid,
    quantity: i64,
    reserved: i64,
    prepaid: bool,
}

/// Whether a line may be placed, given what the batch knows: its tier, or its refusal.
fn judge(
    info: Option<&CycleInfo>,
    people: &HashSet<Uuid>,
    offers: &mut HashMap<Uuid, Stock>,
    cycle: Uuid,
    l: &NewLine,
) -> Result<u32, StoreError> {
    let info = info.ok_or(StoreError::NotFound("cycle"))?;
    if !info.open {
        return Err(StoreError::Conflict(Conflict::NotTakingOrders));
    }
    let Some(&group_tier) = info.tiers.get(&l.consumer_group_id) else {
        return Err(StoreError::Invalid(Invalid::field(
            "consumer_group_id",
            "this consumer group does not take part in the cycle",
        )));
    };
    if l.pickup_point_id
        .is_some_and(|pp| !info.pickup_points.contains(&pp))
    {
        return Err(StoreError::Invalid(Invalid::field(
            "pickup_point_id",
            "not a pickup point of this cycle",
        )));
    }
    if l.person_id.is_some_and(|p| !people.contains(&p)) {
        return Err(StoreError::Invalid(Invalid::field(
            "person_id",
            "no person has this id",
        )));
    }
    // The last check: the stock, as `trade::reserve` judges it.
    let asked = l.quantity as i64;
    let Some(offer) = offers.get_mut(&l.offer_id).filter(|o| o.cycle == cycle) else {
        return Err(stock_refusal(None, asked));
    };
    let left = offer.quantity - offer.reserved;
    if offer.prepaid || (info.policy == Policy::FirstCome.id() && asked > left) {
        return Err(stock_refusal(Some((left, offer.prepaid)), asked));
    }
    offer.reserved += asked;
    Ok(l.tier.unwrap_or(group_tier))
}

/// `ids` as at most `MAX_IN` parameters a query, the list padded to a power of two by
/// repeating its last id (a repeated id changes nothing in `IN`), so that a connection
/// prepares few texts.
const MAX_IN: usize = 256;

fn in_lists(ids: &[Uuid]) -> impl Iterator<Item = (String, Vec<Param>)> + '_ {
    ids.chunks(MAX_IN).map(|chunk| {
        let size = chunk.len().next_power_of_two();
        let params: Vec<Param> = (0..size)
            .map(|i| text(chunk[i.min(chunk.len() - 1)]))
            .collect();
        let marks = (1..=size)
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        (format!("({marks})"), params)
    })
}

/// Which of `ids` the query `select` (`SELECT id FROM … WHERE id IN`) finds.
async fn existing<E: Exec>(
    db: &mut E,
    select: &str,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashSet<Uuid>, StoreError> {
    let ids: Vec<Uuid> = ids.collect::<HashSet<_>>().into_iter().collect();
    let mut found = HashSet::new();
    for (list, params) in in_lists(&ids) {
        for r in db
            .rows(&format!("{select} {list}"), &params, &[Col::Text])
            .await?
        {
            found.insert(uuid_of(&r[0])?);
        }
    }
    Ok(found)
}

/// The stock of each of `ids` that exists.
async fn stock<E: Exec>(
    db: &mut E,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Stock>, StoreError> {
    let ids: Vec<Uuid> = ids.collect::<HashSet<_>>().into_iter().collect();
    let mut offers = HashMap::new();
    for (list, params) in in_lists(&ids) {
        for r in db
            .rows(
                &format!(
                    "SELECT id, cycle_id, quantity, reserved, prepaid FROM offers WHERE id IN {list}"
                ),
                &params,
                &[Col::Text, Col::Text, Col::Int, Col::Int, Col::Int],
            )
            .await?
        {
            offers.insert(
                uuid_of(&r[0])?,
                Stock {
                    cycle: uuid_of(&r[1])?,
                    quantity: r[2].as_int().unwrap_or(0),
                    reserved: r[3].as_int().unwrap_or(0),
                    prepaid: r[4].as_int().unwrap_or(0) != 0,
                },
            );
        }
    }
    Ok(offers)
}

/// Adds what the batch took to each offer's reservations: one statement per `MAX_IN / 2`
/// offers.
async fn reserve_all<E: Exec>(db: &mut E, taken: &HashMap<Uuid, i64>) -> Result<(), StoreError> {
    let taken: Vec<(Uuid, i64)> = taken.iter().map(|(o, q)| (*o, *q)).collect();
    for chunk in taken.chunks(MAX_IN / 2) {
        let mut cases = String::new();
        let mut ids = Vec::with_capacity(chunk.len());
        let mut params = Vec::with_capacity(chunk.len() * 2);
        for (i, (offer, q)) in chunk.iter().enumerate() {
            cases.push_str(&format!(" WHEN ${} THEN ${}", 2 * i + 1, 2 * i + 2));
            ids.push(format!("${}", 2 * i + 1));
            params.push(text(offer));
            params.push(Param::Int(*q));
        }
        db.execute(
            &format!(
                "UPDATE offers SET reserved = reserved + CASE id{cases} END WHERE id IN ({})",
                ids.join(", ")
            ),
            &params,
        )
        .await?;
    }
    Ok(())
}

/// Rows a statement inserts at most (9 parameters a row).
const ROWS: usize = 64;

/// Writes the placed lines, `ROWS` to a statement.
async fn insert_lines<E: Exec>(db: &mut E, lines: &[(Line, i64)]) -> Result<(), StoreError> {
    for chunk in lines.chunks(ROWS) {
        let mut sql = String::from(
            "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
             allocated, reason, total_minor, created_at, updated_at) VALUES ",
        );
        let mut params = Vec::with_capacity(chunk.len() * 9);
        let opt = |u: Option<Uuid>| u.map_or(Param::Null, text);
        for (i, (l, seq)) in chunk.iter().enumerate() {
            let b = i * 9;
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, NULL, NULL, NULL, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9,
                b + 9,
                b + 9
            ));
            params.extend([
                text(l.id),
                text(l.cycle_id),
                text(l.offer_id),
                text(l.consumer_group_id),
                opt(l.person_id),
                opt(l.pickup_point_id),
                Param::Int(l.quantity as i64),
                Param::Int(i64::from(l.tier)),
                Param::Int(*seq),
            ]);
        }
        db.execute(&sql, &params).await?;
    }
    Ok(())
}

fn uuid_of(p: &Param) -> Result<Uuid, StoreError> {
    crate::rows::uuid_text(p.as_text().unwrap_or_default())
}

async fn cycle_info<E: Exec>(db: &mut E, cycle: Uuid, now: i64) -> Result<CycleInfo, StoreError> {
    let id = [text(cycle)];
    let c = db
        .rows(
            "SELECT status, opens_at, closes_at, policy FROM cycles WHERE id = $1",
            &id,
            &[Col::Text, Col::Int, Col::Int, Col::Text],
        )
        .await?
        .pop()
        .ok_or(StoreError::NotFound("cycle"))?;
    let mut tiers = HashMap::new();
    for p in db
        .rows(
            "SELECT organization_id, tier FROM cycle_participants WHERE cycle_id = $1 AND role = 'consumer_group'",
            &id,
            &[Col::Text, Col::Int],
        )
        .await?
    {
        tiers.insert(uuid_of(&p[0])?, p[1].as_int().unwrap_or(0) as u32);
    }
    let mut pickup_points = HashSet::new();
    for p in db
        .rows(
            "SELECT id FROM pickup_points WHERE cycle_id = $1",
            &id,
            &[Col::Text],
        )
        .await?
    {
        pickup_points.insert(uuid_of(&p[0])?);
    }
    let (opens, closes) = (c[1].as_int().unwrap_or(0), c[2].as_int().unwrap_or(0));
    Ok(CycleInfo {
        open: c[0].as_text() == Some("open") && opens <= now && now < closes,
        pickup_points,
        policy: c[3].as_text().unwrap_or_default().to_string(),
        tiers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(offer: Uuid, group: Uuid, quantity: u64) -> NewLine {
        NewLine {
            offer_id: offer,
            consumer_group_id: group,
            person_id: None,
            pickup_point_id: None,
            quantity,
            tier: None,
        }
    }

    proptest! {
        /// Judged in order against what the earlier lines of the batch took, a first_come
        /// batch never takes more than an offer holds, refuses a line only when it asks for
        /// more than is left (saying how much is left), and reserves exactly what it accepts.
        #[test]
        fn a_batch_never_takes_more_than_the_stock(
            stock in proptest::collection::vec(0i64..20, 1..4),
            already in 0i64..5,
            asks in proptest::collection::vec((0usize..4, 1u64..6), 0..60),
        ) {
            let (cycle, group) = (Uuid::new_v4(), Uuid::new_v4());
            let ids: Vec<Uuid> = stock.iter().map(|_| Uuid::new_v4()).collect();
            let mut offers: HashMap<Uuid, Stock> = ids
                .iter()
                .zip(&stock)
                .map(|(id, q)| (*id, Stock { cycle, quantity: q + already, reserved: already, prepaid: false }))
                .collect();
            let info = CycleInfo {
                open: true,
                policy: Policy::FirstCome.id().to_string(),
                tiers: HashMap::from([(group, 0)]),
                pickup_points: HashSet::new(),
            };
            let mut accepted: HashMap<Uuid, i64> = HashMap::new();
            for (i, q) in asks {
                let offer = ids[i % ids.len()];
                let left = offers[&offer].quantity - offers[&offer].reserved;
                match judge(Some(&info), &HashSet::new(), &mut offers, cycle, &line(offer, group, q)) {
                    Ok(_) => {
                        prop_assert!(q as i64 <= left);
                        *accepted.entry(offer).or_default() += q as i64;
                    }
                    Err(StoreError::Conflict(Conflict::StockLeft { left: l, asked })) => {
                        prop_assert!(q as i64 > left);
                        prop_assert_eq!((l as i64, asked), (left, q));
                    }
                    Err(e) => prop_assert!(false, "{e}"),
                }
            }
            for (id, q) in ids.iter().zip(&stock) {
                let took = accepted.get(id).copied().unwrap_or(0);
                prop_assert!(took <= *q, "oversold");
                prop_assert_eq!(offers[id].reserved, already + took);
            }
        }
    }

    #[test]
    fn a_line_is_refused_for_what_it_names_wrongly() {
        let (cycle, group) = (Uuid::new_v4(), Uuid::new_v4());
        let offer = Uuid::new_v4();
        let mut offers = HashMap::from([(
            offer,
            Stock {
                cycle,
                quantity: 5,
                reserved: 0,
                prepaid: false,
            },
        )]);
        let mut info = CycleInfo {
            open: true,
            policy: Policy::ProRata.id().to_string(),
            tiers: HashMap::from([(group, 2)]),
            pickup_points: HashSet::new(),
        };
        let none = HashSet::new();
        // Beyond the stock is no refusal under pro_rata: the close shares out.
        assert_eq!(
            judge(
                Some(&info),
                &none,
                &mut offers,
                cycle,
                &line(offer, group, 9)
            )
            .unwrap(),
            2
        );
        let field = |r: Result<u32, StoreError>| match r {
            Err(StoreError::Invalid(i)) => i.errors[0].field.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(judge(
                Some(&info),
                &none,
                &mut offers,
                cycle,
                &line(offer, Uuid::new_v4(), 1)
            )),
            "consumer_group_id"
        );
        assert_eq!(
            field(judge(
                Some(&info),
                &none,
                &mut offers,
                cycle,
                &line(Uuid::new_v4(), group, 1)
            )),
            "offer_id"
        );
        assert_eq!(
            field(judge(
                Some(&info),
                &none,
                &mut offers,
                Uuid::new_v4(),
                &line(offer, group, 1)
            )),
            "offer_id",
            "an offer of another cycle"
        );
        let mut l = line(offer, group, 1);
        l.person_id = Some(Uuid::new_v4());
        assert_eq!(
            field(judge(Some(&info), &none, &mut offers, cycle, &l)),
            "person_id"
        );
        l.person_id = None;
        l.pickup_point_id = Some(Uuid::new_v4());
        assert_eq!(
            field(judge(Some(&info), &none, &mut offers, cycle, &l)),
            "pickup_point_id"
        );
        offers.get_mut(&offer).unwrap().prepaid = true;
        assert_eq!(
            field(judge(
                Some(&info),
                &none,
                &mut offers,
                cycle,
                &line(offer, group, 1)
            )),
            "offer_id"
        );
        info.open = false;
        assert!(matches!(
            judge(
                Some(&info),
                &none,
                &mut offers,
                cycle,
                &line(offer, group, 1)
            ),
            Err(StoreError::Conflict(Conflict::NotTakingOrders))
        ));
        assert!(matches!(
            judge(None, &none, &mut offers, cycle, &line(offer, group, 1)),
            Err(StoreError::NotFound("cycle"))
        ));
    }
}
