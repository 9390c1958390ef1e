//! Warnings and errors logged with `tracing` also go to the client, as
//! `window/logMessage`, so that they show in the editor's output panel.

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tower_lsp_server::ls_types::MessageType;
use tower_lsp_server::Client;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::Context;
use tracing_subscriber::Layer;

pub struct ClientLayer {
    tx: UnboundedSender<(MessageType, String)>,
}

impl ClientLayer {
    pub fn new(tx: UnboundedSender<(MessageType, String)>) -> Self {
        ClientLayer { tx }
    }
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

impl<S: Subscriber> Layer<S> for ClientLayer {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let kind = match *event.metadata().level() {
            Level::ERROR => MessageType::ERROR,
            Level::WARN => MessageType::WARNING,
            _ => return,
        };
        let mut message = Message(String::new());
        event.record(&mut message);
        // The receiver is gone only when the server is shutting down.
        let _ = self.tx.send((kind, format!("vigil: {}", message.0)));
    }
}

/// Sends queued log lines to the client until the server stops.
pub async fn forward(mut rx: UnboundedReceiver<(MessageType, String)>, client: Client) {
    while let Some((kind, message)) = rx.recv().await {
        client.log_message(kind, message).await;
    }
}
