//! The benchmark's plain-Rust relay on our own core, with no PHP: the ceiling
//! for what the extension could reach. Does what the seed worker does: takes
//! each task from `task-queue`, reads its id, publishes it on `task-complete`,
//! and acknowledges the task afterwards.
//!   cargo run --release -p mosquitto-core --example relay -- HOST PORT QOS

use std::time::Duration;

use mosquitto_core::{Event, Session, SessionOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, host, port, qos] = &args[..] else {
        eprintln!("usage: relay HOST PORT QOS");
        std::process::exit(2);
    };
    let qos: u8 = qos.parse().expect("qos");
    let mut options = SessionOptions::new(format!("relay-{}", std::process::id()), host.as_str(), port.parse().expect("port"));
    options.publish_events = false;
    let mut session = Session::connect(options).expect("connect");
    let mut mid: u16 = 0;
    let mut next_mid = || {
        mid = mid.wrapping_add(1).max(1);
        mid
    };
    session.subscribe(next_mid(), "task-queue".into(), qos).expect("subscribe");
    loop {
        let Some(event) = session.next_event(Duration::from_secs(1)) else { continue };
        if let Event::Message(message) = event {
            let task: serde_json::Value = serde_json::from_slice(&message.payload).unwrap_or_default();
            let id = task["id"].to_string();
            // A full outgoing queue (the broker is slower than the tasks):
            // wait for room, as publish() in PHP does.
            while !session.has_room() && !session.is_finished() {
                session.wait_for_room(Duration::from_millis(20));
            }
            session.publish(next_mid(), "task-complete".into(), id.into_bytes(), qos, false).expect("publish");
            session.ack(&message).expect("ack");
        }
    }
}
