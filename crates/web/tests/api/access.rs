//! Ways in, end to end through a real SMTP server started here: a coordinator invites a member
//! by e-mail, the member sets a password and language from the mail; a member without e-mail
//! gets a share link and a printed code instead; "forgot password" mails only the address
//! itself and says the same whoever asks; links work once.

use bayanihan_domain::person::MembershipRole::*;

use crate::pages::{csrf, signed_in};
use crate::support::{spawn_app, spawn_app_with, SmtpSink, TestApp};

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The code in a mailed link to `http://bayanihan.test/join/…`.
fn code_in(body: &str) -> String {
    body.split("http://bayanihan.test/join/")
        .nth(1)
        .expect("a link in the mail")
        .chars()
        .take(16)
        .collect()
}

async fn add_member(app: &TestApp, org: uuid::Uuid, email: &str, name: &str) -> uuid::Uuid {
    let page = app.text(&format!("/organizations/{org}/members")).await;
    let res = app
        .http
        .post(app.url(&format!("/organizations/{org}/members/add")))
        .form(&[
            ("csrf", csrf(&page).as_str()),
            ("email", email),
            ("name", name),
            ("role", "member"),
            ("stakeholder", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let key = bayanihan_domain::Email::parse_sign_in(email).unwrap();
    app.store.person_id_by_email(&key).await.unwrap().unwrap()
}

async fn give_access(app: &TestApp, org: uuid::Uuid, person: uuid::Uuid) -> (u16, String) {
    let page = app.text(&format!("/organizations/{org}/members")).await;
    let res = app
        .http
        .post(app.url(&format!("/organizations/{org}/members/{person}/access")))
        .form(&[("csrf", csrf(&page).as_str())])
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// Opens a link and sets the password and language; returns the page it lands on.
async fn come_in(
    app: &TestApp,
    http: &reqwest::Client,
    path: &str,
    lang: &str,
) -> (u16, String, String) {
    let res = http.get(app.url(path)).send().await.unwrap();
    let at = res.url().path().to_string();
    let page = res.text().await.unwrap();
    let res = http
        .post(app.url(&at))
        .form(&[
            ("csrf", csrf(&page).as_str()),
            ("password", "a long enough password"),
            ("language", lang),
        ])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let landed = res.url().path().to_string();
    (status, landed, res.text().await.unwrap())
}

#[tokio::test]
async fn a_member_comes_in_from_the_mail_or_from_a_printed_code() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(bayanihan_web::WebConfig {
        mailer: bayanihan_app::mail::Mailer::smtp(&sink.url, "Bayanihan <noreply@bayanihan.test>")
            .unwrap(),
        public_url: Some("http://bayanihan.test".into()),
        ..Default::default()
    })
    .await;
    let group = app.org("Barangay Malaya", "consumer_cooperative").await;
    signed_in(&app, "coord@example.org", group, &[Coordinator, Member]).await;

    // By e-mail: the mail carries the link; the page says where it went and shows no code.
    let ana = add_member(&app, group, "ana@example.org", "Ana Reyes").await;
    let (status, page) = give_access(&app, group, ana).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("The link is e-mailed to ana@example.org"),
        "{page}"
    );
    let mails = sink.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["ana@example.org"]);
    assert!(
        mails[0]
            .raw
            .contains("Subject: Your invitation to Bayanihan"),
        "{}",
        mails[0].raw
    );
    assert!(
        mails[0].body.contains("Hello Ana Reyes"),
        "{}",
        mails[0].body
    );
    let code = code_in(&mails[0].body);
    assert!(
        !page.contains(&code),
        "a mailed code is not shown to the coordinator"
    );
    let ana_browser = client();
    let (status, landed, home) = come_in(&app, &ana_browser, &format!("/join/{code}"), "fil").await;
    assert_eq!((status, landed.as_str()), (200, "/home"));
    assert!(home.contains("lang=\"fil\""), "the chosen language");
    // Once only.
    let again = client()
        .get(app.url(&format!("/join/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);

    // Without e-mail: a sign-in name, a share link and a code to print; nothing is mailed.
    let pedro = add_member(&app, group, "Pedro.Santos", "Pedro Santos").await;
    let (status, page) = give_access(&app, group, pedro).await;
    assert_eq!(status, 200);
    assert!(page.contains("https://wa.me/?text="), "{page}");
    assert!(page.contains("sms:?body="));
    assert!(page.contains("pedro.santos"));
    assert_eq!(sink.mails().len(), 1, "no mail for a sign-in name");
    let grouped = page
        .split("<strong class=\"code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(grouped.len(), 19, "{grouped}");
    // Typed from paper, in lower case, with an O for a zero.
    let typed = grouped.to_lowercase().replace('0', "o");
    let pedro_browser = client();
    let (status, landed, _) =
        come_in(&app, &pedro_browser, &format!("/join?code={typed}"), "en").await;
    assert_eq!((status, landed.as_str()), (200, "/home"));
    let res = crate::pages::sign_in(&app, "pedro.santos", "a long enough password").await;
    assert!(res.url().path().ends_with("/home"), "{}", res.url());

    // Forgot: mailed to the address itself; an unknown address is told the same and nothing
    // goes out; asking again soon sends nothing more (the first link still works).
    for (who, mails) in [
        ("ana@example.org", 2),
        ("nobody@example.org", 2),
        ("pedro.santos", 2),
        ("ana@example.org", 2),
    ] {
        let stranger = client();
        let form = stranger
            .get(app.url("/forgot"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let res = stranger
            .post(app.url("/forgot"))
            .form(&[("csrf", csrf(&form).as_str()), ("email", who)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("If this address has an account"));
        // The mail goes out after the answer (so its timing tells nothing): wait for it.
        for _ in 0..50 {
            if sink.mails().len() >= mails {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(sink.mails().len(), mails, "{who}");
    }
    let reset = &sink.mails()[1];
    assert!(reset.raw.contains("Subject: A new password for Bayanihan"));
    let (status, landed, _) = come_in(
        &app,
        &client(),
        &format!("/join/{}", code_in(&reset.body)),
        "en",
    )
    .await;
    assert_eq!((status, landed.as_str()), (200, "/home"));
}

#[tokio::test]
async fn without_mail_only_a_coordinator_of_the_members_own_group_gets_the_link() {
    let app = spawn_app().await;
    let group = app.org("Barangay Malaya", "consumer_cooperative").await;
    let other = app.org("Elsewhere", "consumer_cooperative").await;
    let ana = bayanihan_store::testing::fixtures::person(&app.store, "ana@example.org").await;
    app.join(ana, &[(group, &[Member])]).await;
    let admin = bayanihan_store::testing::fixtures::person(&app.store, "boss@example.org").await;
    app.join(admin, &[(group, &[Admin])]).await;
    signed_in(&app, "coord@example.org", other, &[Coordinator]).await;
    // A coordinator of another group may not.
    let (status, _) = give_access(&app, group, ana).await;
    assert_eq!(status, 403);
    signed_in(&app, "coord2@example.org", group, &[Coordinator]).await;
    let (status, page) = give_access(&app, group, ana).await;
    assert_eq!(status, 200);
    assert!(page.contains("/join/"), "the link is shown, not mailed");
    // A coordinator manages plain members, not admins.
    let (status, _) = give_access(&app, group, admin).await;
    assert_eq!(status, 403);
    // A made link spends the one before it.
    let first: String = page
        .split("/join/")
        .nth(1)
        .unwrap()
        .chars()
        .take(16)
        .collect();
    let (_, page) = give_access(&app, group, ana).await;
    let second: String = page
        .split("/join/")
        .nth(1)
        .unwrap()
        .chars()
        .take(16)
        .collect();
    assert_ne!(first, second);
    assert_eq!(
        client()
            .get(app.url(&format!("/join/{first}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        client()
            .get(app.url(&format!("/join/{second}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn nobody_takes_over_someone_of_another_organization() {
    let app = spawn_app().await;
    let group = app.org("Barangay Malaya", "consumer_cooperative").await;
    let ana = bayanihan_store::testing::fixtures::person(&app.store, "ana@example.org").await;
    app.join(ana, &[(group, &[Member])]).await;
    // Someone registers an organization of their own, adds Ana to it by her address, and
    // asks for a way in for her: without mail, that would hand them her account.
    let mine = app.org("Mine", "association").await;
    signed_in(&app, "mallory@example.org", mine, &[Admin]).await;
    add_member(&app, mine, "ana@example.org", "Ana").await;
    let before = app.db.snapshot();
    let (status, page) = give_access(&app, mine, ana).await;
    assert_eq!(status, 403, "{page}");
    assert!(!page.contains("/join/"), "no code shown");
    assert!(app.db.snapshot() == before, "no link made");
}
