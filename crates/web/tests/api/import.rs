//! Bringing the spreadsheet in through the page: a dry run names every problem by row and
//! column and writes nothing; applying writes all rows at once; the same file again changes
//! nothing.

use bayanihan_domain::person::MembershipRole::*;

use crate::pages::{csrf, signed_in};
use crate::support::{spawn_app, TestApp};

async fn send(
    app: &TestApp,
    org: uuid::Uuid,
    kind: &str,
    text: &str,
    apply: bool,
) -> (u16, String) {
    let page = app
        .text(&format!("/organizations/{org}/import?kind={kind}"))
        .await;
    let mut form = reqwest::multipart::Form::new()
        .text("csrf", csrf(&page))
        .text("kind", kind.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(text.as_bytes().to_vec())
                .file_name("sheet.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    if apply {
        form = form.text("apply", "1").text("confirm", "1");
    }
    let res = app
        .http
        .post(app.url(&format!("/organizations/{org}/import")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn members_and_products_come_in_from_a_spreadsheet_all_or_nothing() {
    let app = spawn_app().await;
    let org = app.org("Kapatiran", "producer_cooperative").await;
    signed_in(&app, "admin@example.org", org, &[Admin]).await;
    let before = app.db.snapshot();

    // Every problem, by row and column; nothing written.
    let bad = "email;name;role\nana@example.org;Ana Reyes;\nnot an address;;boss\npedro.santos;Pedro Santos;coordinator\n";
    let (status, page) = send(&app, org, "members", bad, true).await;
    assert_eq!(status, 422);
    assert!(page.contains("Nothing was written"), "{page}");
    for cell in [
        "data-label=\"Row\">3<",
        "data-label=\"Column\">email<",
        "data-label=\"Column\">name<",
        "data-label=\"Column\">role<",
    ] {
        assert!(page.contains(cell), "{cell}");
    }
    // Said in the reader's words, not the rule's English.
    assert!(
        page.contains("Not an e-mail address, nor a sign-in name"),
        "{page}"
    );
    assert!(page.contains("Not a role: member, coordinator, treasurer or admin."));
    assert!(app.db.snapshot() == before, "nothing written");

    // A dry run says what applying would do, and writes nothing.
    let good = "\u{feff}email;name;role\nana@example.org;Ana Reyes;\npedro.santos;Pedro Santos;coordinator\nadmin@example.org;Admin;\n";
    let (status, page) = send(&app, org, "members", good, false).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Applying will add 2, update 0 and leave 1 as they are."),
        "{page}"
    );
    assert!(app.db.snapshot() == before, "a dry run writes nothing");
    // Applying writes them all; again, nothing changes.
    let (status, page) = send(&app, org, "members", good, true).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Added 2, updated 0, left 1 as they were."),
        "{page}"
    );
    let members = app.store.members_of(org).await.unwrap();
    assert_eq!(members.len(), 3);
    let (_, page) = send(&app, org, "members", good, true).await;
    assert!(
        page.contains("Added 0, updated 0, left 3 as they were."),
        "{page}"
    );
    assert_eq!(app.store.members_of(org).await.unwrap().len(), 3);

    // Products, matched by name: a changed row is updated, the rest left.
    let sheet = "name,category,unit,unit_mass_kg,qualifiers\nUbe jam,processed_food,jar,\"0,35\",organic;local\nBrown rice,rice,bag of 5 kg,5,\n";
    let (status, page) = send(&app, org, "products", sheet, true).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(app.store.products_of(org).await.unwrap().len(), 2);
    let changed = sheet.replace("bag of 5 kg,5", "bag of 10 kg,10");
    let (_, page) = send(&app, org, "products", &changed, false).await;
    assert!(
        page.contains("Applying will add 0, update 1 and leave 1 as they are."),
        "{page}"
    );
    let (_, _) = send(&app, org, "products", &changed, true).await;
    let rice = app
        .store
        .products_of(org)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == "Brown rice")
        .unwrap();
    assert_eq!(rice.unit_mass_g, 10_000);

    // A plain member may bring nothing in.
    signed_in(&app, "member@example.org", org, &[Member]).await;
    let (status, _) = send(&app, org, "products", sheet, true).await;
    assert_eq!(status, 403);
}
