//! A producer's catalogue over HTTP and in the pages: products edited by their admins, photos
//! made small on upload and served cacheably, bad uploads refused naming the field.

use bayanihan_domain::person::MembershipRole::*;
use serde_json::json;

use crate::pages::{csrf, signed_in};
use crate::support::{png, problem, spawn_app};

#[tokio::test]
async fn admins_edit_products_and_their_photos_which_are_served_small() {
    let app = spawn_app().await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    let (_, admin) = app.person("farm@example.org", &[(farm, &[Admin])]).await;
    let (_, member) = app.person("m@example.org", &[(farm, &[Member])]).await;
    let res = app
        .send(
            Some(&admin),
            "POST",
            &format!("/api/v1/organizations/{farm}/products"),
            Some(json!({"name": "Brown rice", "category": "rice", "unit": "bag of 5 kg", "unit_mass_kg": 5})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Editing: the whole product, checked as on creation; a member may not.
    let edit = json!({"name": "Brown rice (new crop)", "category": "rice", "unit": "bag of 5 kg",
                      "unit_mass_kg": 5, "description": "Dinorado, sun-dried."});
    problem(
        app.send(
            Some(&member),
            "PUT",
            &format!("/api/v1/products/{id}"),
            Some(edit.clone()),
        )
        .await,
        403,
    )
    .await;
    let bad = problem(
        app.send(
            Some(&admin),
            "PUT",
            &format!("/api/v1/products/{id}"),
            Some(json!({"name": "", "category": "rice", "unit": "bag", "unit_mass_kg": -1})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(crate::support::fields(&bad), ["name", "unit_mass_kg"]);
    let res = app
        .send(
            Some(&admin),
            "PUT",
            &format!("/api/v1/products/{id}"),
            Some(edit),
        )
        .await;
    assert_eq!(res.status(), 200);
    let p: serde_json::Value = res.json().await.unwrap();
    assert_eq!(p["description"], "Dinorado, sun-dried.");
    assert_eq!(p["photo"], serde_json::Value::Null);

    // A large photo is made small; what is not a photo is refused naming `photo`.
    let put = |token: String, body: Vec<u8>| {
        let app = &app;
        let id = id.clone();
        async move {
            app.http
                .put(app.url(&format!("/api/v1/products/{id}/photo")))
                .bearer_auth(token)
                .header("content-type", "image/png")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    problem(put(member.clone(), png(10, 10)).await, 403).await;
    let refused = problem(put(admin.clone(), b"GIF89a not really".to_vec()).await, 422).await;
    assert_eq!(crate::support::fields(&refused), ["photo"]);
    let big = png(3000, 2000);
    assert!(
        big.len() > 256 * 1024,
        "above the JSON limit: {}",
        big.len()
    );
    let res = put(admin.clone(), big).await;
    assert_eq!(res.status(), 200);
    let p: serde_json::Value = res.json().await.unwrap();
    let version = p["photo"].as_str().unwrap().to_string();
    let res = app
        .http
        .get(app.url(&format!("/products/{id}/photo?v={version}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let etag = res.headers()["etag"].clone();
    let bytes = res.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (480, 320));
    assert!(bytes.len() < 60 * 1024, "{} bytes", bytes.len());
    let again = app
        .http
        .get(app.url(&format!("/products/{id}/photo?v={version}")))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    // Beyond 12 MB, refused before it is read.
    let huge = vec![0u8; 13 * 1024 * 1024];
    problem(put(admin.clone(), huge).await, 413).await;

    // Removed: the photo is gone.
    let res = app
        .send(
            Some(&admin),
            "DELETE",
            &format!("/api/v1/products/{id}/photo"),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .send(None, "GET", &format!("/api/v1/products/{id}/photo"), None)
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_producer_builds_its_catalogue_in_the_pages() {
    let app = spawn_app().await;
    let farm = app.org("Kapatiran", "producer_cooperative").await;
    signed_in(&app, "farm@example.org", farm, &[Admin]).await;
    let http = &app.http;
    let page = http
        .get(app.url(&format!("/organizations/{farm}/products")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Add a product"));
    let token = csrf(&page);
    // A mass written with a decimal comma; two qualities ticked.
    let res = http
        .post(app.url(&format!("/organizations/{farm}/products")))
        .form(&[
            ("csrf", token.as_str()),
            ("name", "Ube jam"),
            ("description", "Made from purple yam."),
            ("category", "processed_food"),
            ("unit", "jar of 350 g"),
            ("unit_mass_kg", "0,35"),
            ("packaging", "returnable"),
            ("qualifiers", "organic"),
            ("qualifiers", "local"),
        ])
        .send()
        .await
        .unwrap();
    // Redirected to the product's page (the client follows).
    assert_eq!(res.status(), 200);
    assert!(res.url().path().starts_with("/products/"), "{}", res.url());
    let product = res.text().await.unwrap();
    assert!(product.contains("The product is saved."));
    assert!(product.contains("Organic, Local"), "{product}");
    let stored = app.store.products_of(farm).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].unit_mass_g, 350);

    // A refused edit keeps what was typed and names the field in the reader's words.
    let id = stored[0].id;
    let res = http
        .post(app.url(&format!("/products/{id}")))
        .form(&[
            ("csrf", token.as_str()),
            ("name", "Ube jam"),
            ("category", "processed_food"),
            ("unit", "jar of 350 g"),
            ("unit_mass_kg", "heavy"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let text = res.text().await.unwrap();
    assert!(text.contains("Mass of one unit (kg)"), "{text}");
    assert!(text.contains("value=\"heavy\""));

    // The photo through the page's form.
    let form = reqwest::multipart::Form::new()
        .text("csrf", token.clone())
        .part(
            "photo",
            reqwest::multipart::Part::bytes(png(900, 900))
                .file_name("jam.png")
                .mime_str("image/png")
                .unwrap(),
        );
    let res = http
        .post(app.url(&format!("/products/{id}/photo")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("The photo is saved."));
    let list = http
        .get(app.url(&format!("/organizations/{farm}/products")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains(&format!("/products/{id}/photo?v=")));
    assert!(list.contains("loading=\"lazy\""));
}
