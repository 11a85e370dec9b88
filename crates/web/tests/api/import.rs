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

mod directory {
    //! A network's directory through the pages: sheets uploaded, a job that shows its
    //! progress, a report by sheet, row and column, and a ticked "yes" that applies the same
    //! sheets all at once.

    use bayanihan_domain::person::MembershipRole::*;

    use crate::pages::{csrf, signed_in};
    use crate::support::{spawn_app, TestApp};

    const ORGS: &str = "key,name,kind,country,currency,time_zone,region\n\
        PH-1,Bukid ng Pag-asa,producer_cooperative,PH,PHP,Asia/Manila,Benguet\n\
        PH-2,Ni\u{f1}o Workers,worker_cooperative,PH,PHP,Asia/Manila,Cebu\n";

    async fn upload(
        app: &TestApp,
        network: uuid::Uuid,
        sheets: Vec<(&'static str, Vec<u8>)>,
    ) -> reqwest::Response {
        let form_page = app
            .text(&format!("/organizations/{network}/directory-import"))
            .await;
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf(&form_page));
        for (name, bytes) in sheets {
            form = form.part(
                name,
                reqwest::multipart::Part::bytes(bytes)
                    .file_name(format!("{name}.csv"))
                    .mime_str("text/csv")
                    .unwrap(),
            );
        }
        app.http
            .post(app.url(&format!("/organizations/{network}/directory-import")))
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// Follows a job's page until it is finished; returns its last page.
    async fn finished(app: &TestApp, url: &str) -> (u16, String) {
        for _ in 0..200 {
            let res = app.http.get(url).send().await.unwrap();
            let status = res.status().as_u16();
            let body = res.text().await.unwrap();
            if !body.contains("http-equiv=\"refresh\"") {
                return (status, body);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the job did not finish");
    }

    #[tokio::test]
    async fn a_steward_checks_then_applies_and_a_latin1_sheet_is_read() {
        let app = spawn_app().await;
        let network = app.org("Sinag", "network").await;
        signed_in(&app, "steward@sinag.example", network, &[Admin]).await;
        // The organizations sheet saved as Windows-1252 (ñ is 0xF1 there).
        let latin1: Vec<u8> = ORGS.chars().map(|c| c as u32 as u8).collect();
        let res = upload(&app, network, vec![("organizations", latin1)]).await;
        let job_url = res.url().to_string();
        assert!(job_url.contains("/imports/"), "{job_url}");
        let (status, page) = finished(&app, &job_url).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Windows-1252"), "{page}");
        assert!(page.contains("applying will add 2"), "{page}");
        assert_eq!(app.count_orgs().await, 1, "a dry run writes nothing");
        // Applying takes the ticked box.
        let apply = |confirm: bool| {
            let mut form = vec![("csrf", csrf(&page))];
            if confirm {
                form.push(("confirm", "1".into()));
            }
            app.http.post(format!("{job_url}/apply")).form(&form).send()
        };
        assert_eq!(apply(false).await.unwrap().status(), 422);
        assert_eq!(app.count_orgs().await, 1);
        let res = apply(true).await.unwrap();
        let (status, done) = finished(&app, res.url().as_str()).await;
        assert_eq!(status, 200, "{done}");
        assert!(done.contains("2 added"), "{done}");
        assert_eq!(app.count_orgs().await, 3);
        let names = app.text("/organizations").await;
        assert!(names.contains("Niño Workers"), "read as Windows-1252");
        // The finished apply cannot be applied again.
        let again = app
            .http
            .post(format!("{}/apply", res.url()))
            .form(&[("csrf", csrf(&done)), ("confirm", "1".into())])
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 409);
    }

    /// Workbooks as spreadsheets save them (written by openpyxl): a numeric key and the
    /// people naming it as a number, brought in; a cell showing `#DIV/0!` named by sheet, row
    /// and column with nothing written.
    #[tokio::test]
    async fn xlsx_workbooks_come_in_as_their_first_worksheet() {
        let app = spawn_app().await;
        let network = app.org("Sinag", "network").await;
        signed_in(&app, "steward@sinag.example", network, &[Admin]).await;
        let fixture = |name: &str| {
            std::fs::read(format!(
                "{}/../app/tests/fixtures/xlsx/{name}.xlsx",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        let res = upload(
            &app,
            network,
            vec![
                ("organizations", fixture("organizations")),
                ("products", fixture("error")),
            ],
        )
        .await;
        let (status, page) = finished(&app, res.url().as_str()).await;
        assert_eq!(status, 422, "{page}");
        assert!(
            page.contains(
                r#"<td data-label="Row">3</td><td data-label="Column">unit_mass_kg</td>"#
            ),
            "{page}"
        );
        assert_eq!(app.count_orgs().await, 1, "nothing written");
        let res = upload(
            &app,
            network,
            vec![
                ("organizations", fixture("organizations")),
                ("people", fixture("people")),
            ],
        )
        .await;
        let (_, page) = finished(&app, res.url().as_str()).await;
        assert!(page.contains("applying will add 2"), "{page}");
        let job_url = res.url().to_string();
        let res = app
            .http
            .post(format!("{job_url}/apply"))
            .form(&[("csrf", csrf(&page)), ("confirm", "1".into())])
            .send()
            .await
            .unwrap();
        let (status, done) = finished(&app, res.url().as_str()).await;
        assert_eq!(status, 200, "{done}");
        let keys = app.store.import_keys(network).await.unwrap();
        let bukid = keys["1001"];
        assert_eq!(
            app.store.organization(bukid).await.unwrap().name,
            "Bukid, Inc. — 日本の友"
        );
        let members = app.store.members_of(bukid).await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(members[0].person_name.as_str(), "Bea Cruz");
    }

    #[tokio::test]
    async fn problems_are_named_and_others_cannot_import_or_see_the_job() {
        let app = spawn_app().await;
        let network = app.org("Sinag", "network").await;
        signed_in(&app, "steward@sinag.example", network, &[Admin]).await;
        let bad = "key,name,kind,country,currency,time_zone\n,X,alien,PH,PHP,Asia/Manila\n";
        let people = "email,name,organization\nana@example.org,Ana,NOPE\n";
        let res = upload(
            &app,
            network,
            vec![("organizations", bad.into()), ("people", people.into())],
        )
        .await;
        let job_url = res.url().to_string();
        let (status, page) = finished(&app, &job_url).await;
        assert_eq!(status, 422);
        for cell in [">key<", ">kind<"] {
            assert!(page.contains(cell), "{cell} in {page}");
        }
        // The people row naming a key the broken sheet may hold is not refused for it too.
        assert!(!page.contains(">organization<"), "{page}");
        assert!(!page.contains("/apply\""), "no apply form with problems");
        // With the organizations sheet fixed, the unknown key is named.
        let good = "key,name,kind,country,currency,time_zone
K1,X,association,PH,PHP,Asia/Manila
";
        let res = upload(
            &app,
            network,
            vec![("organizations", good.into()), ("people", people.into())],
        )
        .await;
        let (status, page) = finished(&app, res.url().as_str()).await;
        assert_eq!(status, 422);
        assert!(page.contains(">organization<"), "{page}");
        // Someone else: the form is refused, and the job is not theirs to see.
        let org = app.org("Some co-op", "association").await;
        let person = app
            .person_with_password("admin@coop.example", "a long enough password")
            .await;
        app.join(person, &[(org, &[Admin])]).await;
        let outsider = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let form = outsider
            .get(app.url("/signin"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        outsider
            .post(app.url("/signin"))
            .form(&[
                ("csrf", csrf(&form)),
                ("email", "admin@coop.example".into()),
                ("password", "a long enough password".into()),
            ])
            .send()
            .await
            .unwrap();
        struct App2 {
            http: reqwest::Client,
        }
        let app2 = App2 { http: outsider };
        let res = app2
            .http
            .get(app.url(&format!("/organizations/{network}/directory-import")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let res = app2.http.get(&job_url).send().await.unwrap();
        assert_eq!(res.status(), 404);
    }
}

mod directory_offers {
    //! The offers sheet: into an open cycle its producer supplies, at the sheet's producer
    //! price, once; a cycle, price or product that does not fit is named by row and column.

    use bayanihan_domain::person::MembershipRole::*;

    use crate::pages::cycle;
    use crate::support::spawn_app;

    #[tokio::test]
    async fn offers_go_into_an_open_cycle_once_and_misfits_are_named() {
        let app = spawn_app().await;
        let network = app.org("Sinag", "network").await;
        let hub = app.org("Hub", "consumer_cooperative").await;
        let farm = app.org("Farm", "producer_cooperative").await;
        for o in [hub, farm] {
            app.store
                .add_network_member(network, o, "2025-01-01".parse().unwrap())
                .await
                .unwrap();
        }
        let (c, _) = cycle(&app, hub, farm, hub, 10).await;
        let steward = bayanihan_store::testing::fixtures::subject(
            &app.store,
            "steward@sinag.example",
            // The network keeps the farm's account (an import writes over an organization
            // with an admin of its own only for that admin).
            &[(network, &[Admin]), (farm, &[Admin])],
        )
        .await;
        let files =
            |offers: String, products: Option<&str>| bayanihan_app::import::DirectoryFiles {
                products: products.map(|p| p.as_bytes().to_vec()),
                offers: Some(offers.into_bytes()),
                ..Default::default()
            };
        let quiet = |_: usize, _: usize| {};
        // The farm is keyed by its id (it is in the network already); the jam comes with it.
        let sheet = format!(
            "cycle,organization,product,quantity,producer_price\n{c},{farm},Ube jam,30,85.50\n"
        );
        let products = format!(
            "organization,name,category,unit,unit_mass_kg\n{farm},Ube jam,processed_food,jar,0.35\n"
        );
        let before = app.store.offers(c).await.unwrap().len();
        let r = bayanihan_app::import::directory(
            &app.store,
            Some(&steward),
            network,
            &files(sheet.clone(), Some(&products)),
            true,
            &quiet,
        )
        .await
        .unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(r.outcome.offers.len(), 1);
        let offers = app.store.offers(c).await.unwrap();
        assert_eq!(offers.len(), before + 1);
        let jam = offers.iter().find(|o| o.product.name == "Ube jam").unwrap();
        assert_eq!((jam.quantity, jam.producer_price.minor()), (30, 8_550));
        // Again: nothing new.
        let again = bayanihan_app::import::directory(
            &app.store,
            Some(&steward),
            network,
            &files(sheet, Some(&products)),
            true,
            &quiet,
        )
        .await
        .unwrap();
        assert_eq!(
            again.outcome.offers,
            [(2, bayanihan_store::import::RowAction::Unchanged)]
        );
        assert_eq!(app.store.offers(c).await.unwrap().len(), before + 1);
        // Misfits, each named; nothing written.
        let other = uuid::Uuid::new_v4();
        let bad = format!(
            "cycle,organization,product,quantity,producer_price\n\
             {other},{farm},Ube jam,1,1.00\n\
             {c},{hub},Ube jam,1,1.00\n\
             {c},{farm},Durian,1,1.00\n\
             {c},{farm},Ube jam,1,1.234\n"
        );
        let r = bayanihan_app::import::directory(
            &app.store,
            Some(&steward),
            network,
            &files(bad, None),
            true,
            &quiet,
        )
        .await
        .unwrap();
        let cells: Vec<(usize, &str)> = r
            .problems
            .iter()
            .map(|(_, p)| (p.row, p.column.as_str()))
            .collect();
        assert_eq!(
            cells,
            [
                (2, "cycle"),
                (3, "organization"),
                (4, "product"),
                (5, "producer_price")
            ]
        );
        assert!(!r.applied);
        assert_eq!(app.store.offers(c).await.unwrap().len(), before + 1);
    }
}
