//! Outgoing mail: invitations and password resets, through the SMTP server the operator names
//! (`smtp://…`, `smtps://…`; lettre's URL form, e.g. `smtp://user:pass@mail.example.org:587?tls=required`).
//! With none configured nothing is mailed, and the pages show links to the coordinators who
//! may see them instead.

use std::sync::Arc;
use std::time::Duration;

use bayanihan_domain::Email;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Why a message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the mail settings are not usable: {0}")]
    Settings(String),
    #[error("the message could not be built: {0}")]
    Message(String),
    #[error("the mail server refused or could not be reached: {0}")]
    Send(String),
}

struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Sends mail, or knows it cannot. Cheap to clone.
#[derive(Clone, Default)]
pub struct Mailer {
    smtp: Option<Arc<Smtp>>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.smtp.is_some() {
            "Mailer(smtp)"
        } else {
            "Mailer(none)"
        })
    }
}

impl Mailer {
    /// No mail: links are shown to coordinators instead.
    pub fn none() -> Self {
        Mailer::default()
    }

    /// Mail through the SMTP server at `url`, from `from` ("Bayanihan <noreply@example.org>").
    pub fn smtp(url: &str, from: &str) -> Result<Self, MailError> {
        // The URL may hold a password: errors name the server without it.
        let shown = match (url.find("://"), url.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
            _ => url.to_string(),
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Settings(format!("{shown}: {e}")))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| MailError::Settings(format!("sender \"{from}\": {e}")))?;
        Ok(Mailer {
            smtp: Some(Arc::new(Smtp { transport, from })),
        })
    }

    /// Whether mail is sent at all.
    pub fn configured(&self) -> bool {
        self.smtp.is_some()
    }

    /// Sends a plain-text message to `to`; `Ok(false)` when there is no mail to send with, or
    /// the address is a sign-in name no mail reaches.
    pub async fn send(
        &self,
        to: &Email,
        name: &str,
        subject: &str,
        body: &str,
    ) -> Result<bool, MailError> {
        let Some(smtp) = &self.smtp else {
            return Ok(false);
        };
        if !to.is_deliverable() {
            return Ok(false);
        }
        let to: Mailbox = format!("{} <{}>", name.replace(['<', '>', '"'], ""), to.as_str())
            .parse()
            .or_else(|_| to.as_str().parse())
            .map_err(|e: lettre::address::AddressError| MailError::Message(e.to_string()))?;
        let message = Message::builder()
            .from(smtp.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| MailError::Message(e.to_string()))?;
        smtp.transport
            .send(message)
            .await
            .map_err(|e| MailError::Send(e.to_string()))?;
        Ok(true)
    }
}
