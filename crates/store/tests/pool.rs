//! The pool asks a connection that sat idle (`PING_AFTER_IDLE`) whether it is still alive
//! before handing it out: a connection the server closed during a pause is replaced without
//! the caller seeing it. (One taken again within that time is not asked, which saves a round
//! trip a transaction under load; that saving is not what this test shows.)

use bayanihan_store::testing::PgCluster;
use bayanihan_store::{OrganizationFilter, Store, PING_AFTER_IDLE};

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced_unseen() {
    let cluster = PgCluster::shared();
    let url = cluster.fresh_url().await;
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    let all = OrganizationFilter::default();
    // Connections in the pool, idle now.
    store.all_organizations(&all).await.unwrap();

    // The server ends every session of this database (a restart, a proxy's timeout).
    let database = url.rsplit('/').next().unwrap();
    let admin = Store::connect(cluster.admin_url()).await.unwrap();
    admin
        .bulk_sql(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        ))
        .await
        .unwrap();
    admin.close().await;

    // After the pause every connection in the pool is asked first, and the dead ones are
    // replaced: the next reads succeed.
    tokio::time::sleep(PING_AFTER_IDLE + std::time::Duration::from_millis(200)).await;
    for _ in 0..4 {
        store.all_organizations(&all).await.unwrap();
    }
    store.close().await;
}
