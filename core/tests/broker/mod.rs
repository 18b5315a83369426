//! A real mosquitto on a free loopback port, for the core's tests.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Broker {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl Broker {
    pub fn start() -> Broker {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("mosquitto-core-test-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut broker = Broker { port, dir, child: None };
        broker.restart();
        broker
    }

    fn config(&self) -> PathBuf {
        let conf = self.dir.join("mosquitto.conf");
        std::fs::write(
            &conf,
            format!(
                "listener {} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location {}/\nmax_queued_messages 0\n",
                self.port,
                self.dir.display()
            ),
        )
        .unwrap();
        conf
    }

    /// Starts (again) and waits until the port accepts connections. The port
    /// was free when chosen, but a test running beside this one may have drawn
    /// the same one meanwhile: when our mosquitto cannot bind it (it exits),
    /// a fresh port is tried, never the other test's broker.
    pub fn restart(&mut self) {
        for _ in 0..5 {
            if self.spawn() {
                return;
            }
            self.port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        }
        panic!("mosquitto did not start");
    }

    /// Whether mosquitto started and listens on `self.port`.
    fn spawn(&mut self) -> bool {
        let mut child = Command::new("mosquitto")
            .arg("-c")
            .arg(self.config())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mosquitto must be installed (make test installs it)");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                return false;
            }
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                // Still ours once the port answers (not one that exited meanwhile).
                std::thread::sleep(Duration::from_millis(20));
                if let Ok(None) = child.try_wait() {
                    self.child = Some(child);
                    return true;
                }
                return false;
            }
            assert!(Instant::now() < deadline, "mosquitto did not start on port {}", self.port);
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the broker the way a crash would (SIGKILL): no goodbye to clients.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
