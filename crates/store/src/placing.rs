//! Placing order lines with group commit (`group_commit`): on order day many members place
//! lines at once, and each batch of them is one write transaction. Every check of a line comes
//! before its first write, so a refused line leaves its neighbours in the batch alone.

use bayanihan_domain::Conflict;
use std::collections::{HashMap, HashSet};

use bayanihan_domain::Invalid;
use uuid::Uuid;

use crate::native::{run_now, NativeTx};
use crate::stmt::{text, Col, Exec, Param};

use crate::trade::{reserve, Line, NewLine};
use crate::{now_micros, Store, StoreError};

pub(crate) type Placer = crate::group_commit::Queue<(Uuid, NewLine), Line>;

impl Store {
    /// Places a line. Under `first_come` the stock is reserved at once; a line beyond what
    /// is left is refused (conflict) saying how much is left. The check and the reservation
    /// are one conditional UPDATE inside the write transaction, so concurrent clients can
    /// never oversell; the answer comes only once the line is committed.
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

/// Places each request of a batch inside the caller's transaction.
async fn place_all<E: Exec>(
    db: &mut E,
    batch: &[(Uuid, NewLine)],
    now: i64,
) -> Result<Vec<Result<Line, StoreError>>, StoreError> {
    let mut cycles: HashMap<Uuid, CycleInfo> = HashMap::new();
    let mut people: HashSet<Uuid> = HashSet::new();
    let mut results = Vec::with_capacity(batch.len());
    for (n, (cycle, line)) in batch.iter().enumerate() {
        match place_one(db, &mut cycles, &mut people, *cycle, line, now + n as i64).await {
            Ok(line) => results.push(Ok(line)),
            Err(
                e @ (StoreError::Conflict(_) | StoreError::Invalid(_) | StoreError::NotFound(_)),
            ) => results.push(Err(e)),
            Err(e) => return Err(e),
        }
    }
    Ok(results)
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

async fn place_one<E: Exec>(
    db: &mut E,
    cycles: &mut HashMap<Uuid, CycleInfo>,
    people: &mut HashSet<Uuid>,
    cycle: Uuid,
    l: &NewLine,
    now: i64,
) -> Result<Line, StoreError> {
    let info = match cycles.entry(cycle) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(v) => v.insert(cycle_info(db, cycle, now).await?),
    };
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
    if let Some(person) = l.person_id {
        if !people.contains(&person) {
            let found = db
                .rows(
                    "SELECT id FROM people WHERE id = $1",
                    &[text(person)],
                    &[Col::Text],
                )
                .await?;
            if found.is_empty() {
                return Err(StoreError::Invalid(Invalid::field(
                    "person_id",
                    "no person has this id",
                )));
            }
            people.insert(person);
        }
    }
    // The last check, and the first write: nothing is written when it refuses.
    reserve(db, cycle, l.offer_id, l.quantity as i64, &info.policy).await?;
    let id = Uuid::new_v4();
    let tier = l.tier.unwrap_or(group_tier);
    let opt = |u: Option<Uuid>| u.map_or(Param::Null, text);
    db.execute(
        "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
         allocated, reason, total_minor, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, $9, $9)",
        &[
            text(id),
            text(cycle),
            text(l.offer_id),
            text(l.consumer_group_id),
            opt(l.person_id),
            opt(l.pickup_point_id),
            Param::Int(l.quantity as i64),
            Param::Int(i64::from(tier)),
            Param::Int(now),
        ],
    )
    .await?;
    Ok(Line {
        id,
        cycle_id: cycle,
        offer_id: l.offer_id,
        consumer_group_id: l.consumer_group_id,
        person_id: l.person_id,
        pickup_point_id: l.pickup_point_id,
        quantity: l.quantity,
        tier,
        allocated: None,
        reason: None,
        total: None,
    })
}
