//! Placing order lines with group commit (`group_commit`): on order day many members place
//! lines at once, and each batch of them is one write transaction. Every check of a line comes
//! before its first write, so a refused line leaves its neighbours in the batch alone.

use bayanihan_domain::Conflict;
use std::collections::{HashMap, HashSet};

use bayanihan_domain::Invalid;
use sqlx::{Any, Row, Transaction as SqlTx};
use uuid::Uuid;

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
async fn place_batch(
    store: &Store,
    batch: &[(Uuid, NewLine)],
) -> Result<Vec<Result<Line, StoreError>>, StoreError> {
    write_tx!(store, tx, {
        let now = now_micros();
        let mut cycles: HashMap<Uuid, CycleInfo> = HashMap::new();
        let mut people: HashSet<Uuid> = HashSet::new();
        let mut results = Vec::with_capacity(batch.len());
        for (n, (cycle, line)) in batch.iter().enumerate() {
            match place_one(
                &mut tx,
                &mut cycles,
                &mut people,
                *cycle,
                line,
                now + n as i64,
            )
            .await
            {
                Ok(line) => results.push(Ok(line)),
                Err(
                    e
                    @ (StoreError::Conflict(_) | StoreError::Invalid(_) | StoreError::NotFound(_)),
                ) => results.push(Err(e)),
                Err(e) => return Err(e),
            }
        }
        Ok(results)
    })
}

async fn cycle_info(
    tx: &mut SqlTx<'static, Any>,
    cycle: Uuid,
    now: i64,
) -> Result<CycleInfo, StoreError> {
    let c = sqlx::query("SELECT status, opens_at, closes_at, policy FROM cycles WHERE id = $1")
        .bind(cycle.to_string())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound("cycle"))?;
    let status: String = c.try_get(0)?;
    let (opens, closes): (i64, i64) = (c.try_get(1)?, c.try_get(2)?);
    let mut tiers = HashMap::new();
    for p in sqlx::query("SELECT organization_id, tier FROM cycle_participants WHERE cycle_id = $1 AND role = 'consumer_group'")
        .bind(cycle.to_string())
        .fetch_all(&mut **tx)
        .await?
    {
        let org = Uuid::parse_str(&p.try_get::<String, _>(0)?).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        tiers.insert(org, p.try_get::<i64, _>(1)? as u32);
    }
    let mut pickup_points = HashSet::new();
    for id in sqlx::query_scalar::<_, String>("SELECT id FROM pickup_points WHERE cycle_id = $1")
        .bind(cycle.to_string())
        .fetch_all(&mut **tx)
        .await?
    {
        pickup_points.insert(Uuid::parse_str(&id).map_err(|e| StoreError::Corrupt(e.to_string()))?);
    }
    Ok(CycleInfo {
        open: status == "open" && opens <= now && now < closes,
        pickup_points,
        policy: c.try_get(3)?,
        tiers,
    })
}

async fn place_one(
    tx: &mut SqlTx<'static, Any>,
    cycles: &mut HashMap<Uuid, CycleInfo>,
    people: &mut HashSet<Uuid>,
    cycle: Uuid,
    l: &NewLine,
    now: i64,
) -> Result<Line, StoreError> {
    let info = match cycles.entry(cycle) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(v) => v.insert(cycle_info(tx, cycle, now).await?),
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
            let ok: Option<String> = sqlx::query_scalar("SELECT id FROM people WHERE id = $1")
                .bind(person.to_string())
                .fetch_optional(&mut **tx)
                .await?;
            if ok.is_none() {
                return Err(StoreError::Invalid(Invalid::field(
                    "person_id",
                    "no person has this id",
                )));
            }
            people.insert(person);
        }
    }
    // The last check, and the first write: nothing is written when it refuses.
    reserve(tx, cycle, l.offer_id, l.quantity as i64, &info.policy).await?;
    let id = Uuid::new_v4();
    let tier = l.tier.unwrap_or(group_tier);
    sqlx::query(
        "INSERT INTO order_lines (id, cycle_id, offer_id, consumer_group_id, person_id, pickup_point_id, quantity, tier, seq, \
         allocated, reason, total_minor, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, $9, $9)",
    )
    .bind(id.to_string())
    .bind(cycle.to_string())
    .bind(l.offer_id.to_string())
    .bind(l.consumer_group_id.to_string())
    .bind(l.person_id.map(|p| p.to_string()))
    .bind(l.pickup_point_id.map(|p| p.to_string()))
    .bind(l.quantity as i64)
    .bind(i64::from(tier))
    .bind(now)
    .execute(&mut **tx)
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
