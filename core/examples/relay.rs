//! The benchmark's plain-Rust relay on our own core, with no PHP: the ceiling
//! for what the extension could reach. Does what the seed worker does with
//! the same [`Client`] the extension uses: takes each task from `task-queue`,
//! reads its id, publishes it on `task-complete`; the client acknowledges the
//! task once the callback returned.
//!   cargo run --release -p mosquitto-core --example relay -- HOST PORT QOS

use std::time::Duration;

use mosquitto_core::{Client, Event, Host, Listener, Message, Outcome};

/// The relay's callbacks: `onMessage` only.
struct Relay<'a> {
    client: &'a Client,
    qos: i64,
}

impl Host for Relay<'_> {
    fn call(&self, _event: &Event) -> Outcome {
        Outcome::Done
    }

    fn deliver(&self, message: &Message) -> Outcome {
        let task: serde_json::Value = serde_json::from_slice(&message.payload).unwrap_or_default();
        let id = task["id"].to_string();
        // A full outgoing queue (the broker is slower than the tasks) waits
        // for room, as publish() in PHP does.
        match self.client.publish(self, "task-complete".into(), id.as_bytes(), self.qos, false) {
            Ok(_) => Outcome::Done,
            Err(error) => {
                eprintln!("relay: {error}");
                Outcome::Failed
            }
        }
    }

    fn listens(&self, _listener: Listener) -> bool {
        false
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, host, port, qos] = &args[..] else {
        eprintln!("usage: relay HOST PORT QOS");
        std::process::exit(2);
    };
    let (Ok(port), Ok(qos)) = (port.parse::<i64>(), qos.parse::<i64>()) else {
        eprintln!("relay: PORT and QOS are numbers");
        std::process::exit(2);
    };
    let id = format!("relay-{}", std::process::id()).into_bytes();
    let client = Client::new(Some(id), true).expect("a valid client id");
    let relay = Relay { client: &client, qos };
    client.connect(&relay, host.clone(), port, 60, None).expect("connect");
    client.subscribe(&relay, "task-queue".into(), qos).expect("subscribe");
    client.loop_forever(&relay, Duration::from_secs(1)).expect("loop");
}
