//! DFC through the API: an open cycle as a sale session that reads back with its names,
//! prices and stock; a supplier's catalog brought into products and offers, all or nothing
//! and once; documents that are not DFC refused naming the place.

use bayanihan_domain::interop::dfc;
use bayanihan_domain::person::MembershipRole::*;
use serde_json::{json, Value};

use crate::pages::cycle;
use crate::support::{fields, problem, spawn_app};

fn catalog(price: &str, currency: &str, stock: &str) -> Value {
    json!({
        "@context": dfc::CONTEXT,
        "@graph": [
            {"@id": "_:q1", "@type": "dfc-b:QuantitativeValue", "dfc-b:hasUnit": "dfc-m:Gram", "dfc-b:value": "350"},
            {"@id": "_:p1", "@type": "dfc-b:Price", "dfc-b:value": price,
             "dfc-b:hasUnit": dfc::currency_term(currency), "dfc-b:VATrate": "0"},
            {"@id": "https://supplier.example/p/jam", "@type": "dfc-b:SuppliedProduct",
             "dfc-b:name": "Ube jam", "dfc-b:description": "Purple yam jam", "dfc-b:hasQuantity": "_:q1"},
            {"@id": "https://supplier.example/i/jam", "@type": "dfc-b:CatalogItem",
             "dfc-b:references": "https://supplier.example/p/jam", "dfc-b:stockLimitation": stock,
             "dfc-b:offeredThrough": "https://supplier.example/o/jam"},
            {"@id": "https://supplier.example/o/jam", "@type": "dfc-b:Offer",
             "dfc-b:offeredItem": {"@id": "https://supplier.example/i/jam"}, "dfc-b:hasPrice": "_:p1"}
        ]
    })
}

#[tokio::test]
async fn a_cycle_exports_as_a_sale_session_and_a_catalog_imports_once() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let group = app.org("Group", "consumer_cooperative").await;
    let (c, _) = cycle(&app, hub, farm, group, 12).await;
    // Export: the sale session lists the offer, priced at the consumer's unit price, with
    // its stock; it reads back through our reader as the catalog it is.
    let res = app
        .send(None, "GET", &format!("/api/v1/dfc/sale-sessions/{c}"), None)
        .await;
    assert_eq!(res.headers()["content-type"], "application/ld+json");
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["@context"], dfc::CONTEXT);
    let nodes = dfc::read(&doc).unwrap();
    assert!(nodes
        .iter()
        .any(|n| n.is("SaleSession") && n.all("lists").len() == 1));
    let entries = dfc::catalog(&nodes).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].name, "Brown <rice>");
    assert_eq!(entries[0].stock.as_deref(), Some("12"));
    let (price, currency) = entries[0].price.clone().unwrap();
    assert_eq!(currency, "PHP");
    let offers: Value = app
        .send(None, "GET", &format!("/api/v1/cycles/{c}/offers"), None)
        .await
        .json()
        .await
        .unwrap();
    let total = &offers[0]["unit_breakdown"]["total"];
    assert_eq!(total["currency"], "PHP");
    let minor = total["minor"].as_i64().unwrap();
    assert_eq!(
        price,
        format!("{}.{:02}", minor / 100, minor % 100),
        "{total}"
    );
    assert_eq!(entries[0].quantity, Some(("5".into(), dfc::Unit::Kilogram)));
    // The hub's enterprise catalog holds the same offer.
    let ent: Value = app
        .send(None, "GET", &format!("/api/v1/dfc/enterprises/{hub}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        dfc::catalog(&dfc::read(&ent).unwrap()).unwrap()[0].name,
        "Brown <rice>"
    );
    // The farm sells it through the hub, in no cycle of its own: its catalog holds the
    // product with nothing on sale (stock 0: no stock would read as unlimited) and no offer.
    let farm_doc: Value = app
        .send(
            None,
            "GET",
            &format!("/api/v1/dfc/enterprises/{farm}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let own = dfc::catalog(&dfc::read(&farm_doc).unwrap()).unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].stock.as_deref(), Some("0"));
    assert_eq!(own[0].price, None);

    // Import: the farm's admin brings a supplier catalog into its products and the cycle.
    let (_, admin) = app.person("admin@farm.example", &[(farm, &[Admin])]).await;
    let url = |dry: bool| {
        format!("/api/v1/dfc/enterprises/{farm}/catalog-import?cycle={c}&dry_run={dry}")
    };
    let plan: Value = app
        .send(
            Some(&admin),
            "POST",
            &url(true),
            Some(catalog("85.00", "PHP", "20")),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(plan["products"], json!([["Ube jam", "added"]]));
    assert_eq!(plan["offers"], json!([["Ube jam", "added"]]));
    assert_eq!(plan["applied"], false);
    assert_eq!(
        app.store.products_of(farm).await.unwrap().len(),
        1,
        "the dry run wrote nothing"
    );
    let done: Value = app
        .send(
            Some(&admin),
            "POST",
            &url(false),
            Some(catalog("85.00", "PHP", "20")),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["applied"], true);
    let jam = app
        .store
        .products_of(farm)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Ube jam")
        .unwrap();
    assert_eq!(jam.unit_mass_g, 350);
    let offer = app
        .store
        .offers(c)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.product.id == jam.id)
        .unwrap();
    assert_eq!((offer.quantity, offer.producer_price.minor()), (20, 8_500));
    // Again: nothing changes.
    let again: Value = app
        .send(
            Some(&admin),
            "POST",
            &url(false),
            Some(catalog("85.00", "PHP", "20")),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["products"], json!([["Ube jam", "unchanged"]]));
    assert_eq!(again["offers"], json!([["Ube jam", "unchanged"]]));
    assert_eq!(app.store.offers(c).await.unwrap().len(), 2);
}

#[tokio::test]
async fn documents_that_are_not_dfc_or_do_not_fit_are_refused_naming_the_place() {
    let app = spawn_app().await;
    let hub = app.org("Hub", "consumer_cooperative").await;
    let farm = app.org("Farm", "producer_cooperative").await;
    let (c, _) = cycle(&app, hub, farm, hub, 5).await;
    let (_, admin) = app.person("admin@farm.example", &[(farm, &[Admin])]).await;
    let url = format!("/api/v1/dfc/enterprises/{farm}/catalog-import?cycle={c}&dry_run=false");
    let before = app.db.snapshot();
    // An unknown term.
    let mut doc = catalog("85.00", "PHP", "20");
    doc["@graph"][2]["evil"] = json!("x");
    let p = problem(app.send(Some(&admin), "POST", &url, Some(doc)).await, 422).await;
    assert_eq!(fields(&p), ["@graph[2].evil"]);
    // Another currency than the cycle's.
    let p = problem(
        app.send(
            Some(&admin),
            "POST",
            &url,
            Some(catalog("5.00", "EUR", "20")),
        )
        .await,
        422,
    )
    .await;
    assert!(fields(&p)[0].ends_with("(Ube jam): price"), "{p}");
    // No mass per unit.
    let mut doc = catalog("85.00", "PHP", "20");
    doc["@graph"][0]["dfc-b:hasUnit"] = json!("dfc-m:Piece");
    let p = problem(app.send(Some(&admin), "POST", &url, Some(doc)).await, 422).await;
    assert!(
        p["detail"].as_str().unwrap().contains("mass of one unit"),
        "{p}"
    );
    // Another context, and a body too large.
    let mut doc = catalog("85.00", "PHP", "20");
    doc["@context"] = json!("https://evil.example/context.jsonld");
    let p = problem(app.send(Some(&admin), "POST", &url, Some(doc)).await, 422).await;
    assert_eq!(fields(&p), ["@context"]);
    let huge = json!({"@context": dfc::CONTEXT, "@graph": [{"dfc-b:description": "x".repeat(9 * 1024 * 1024)}]});
    let res = app.send(Some(&admin), "POST", &url, Some(huge)).await;
    assert_eq!(res.status(), 413);
    assert_eq!(app.db.snapshot(), before, "nothing half-imported");
}
