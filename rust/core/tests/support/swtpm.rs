//! A private `swtpm` simulator per test: its own state folder and loopback ports, killed and
//! removed on drop. A missing `swtpm` fails the test (it never skips).
//!
//! The swtpm TCTI of tpm2-tss always talks to the control channel at `port + 1`, so the
//! fixture picks two adjacent free ports.
#![allow(dead_code)]

use std::collections::HashSet;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Ports handed out in this process: tests run in parallel, and a port released by the
/// probe could otherwise be picked twice before either swtpm binds it.
static TAKEN: Mutex<Option<HashSet<u16>>> = Mutex::new(None);
static INSTANCE: AtomicU32 = AtomicU32::new(0);

/// A running `swtpm socket --tpm2` on 127.0.0.1.
pub struct Swtpm {
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Swtpm {
    /// Starts a fresh simulator (empty state, `TPM2_Startup(CLEAR)` done).
    pub fn start() -> Swtpm {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("pqgate-swtpm-{}-{}-{nanos}", std::process::id(), INSTANCE.fetch_add(1, Ordering::Relaxed));
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let mut swtpm = Swtpm { dir, port: 0, child: None };
        let mut last_error = String::new();
        for _ in 0..5 {
            swtpm.port = free_port_pair();
            match swtpm.spawn() {
                Ok(()) => return swtpm,
                Err(e) => last_error = e,
            }
        }
        panic!("swtpm did not start: {last_error}");
    }

    /// The TCTI string for [`pqgate_core::keystore::tpm::TpmConfig`] and `TPM2TOOLS_TCTI`.
    pub fn tcti(&self) -> String {
        format!("swtpm:host=127.0.0.1,port={}", self.port)
    }

    /// SIGKILLs the simulator (no shutdown, as a crash or power loss would be).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the simulator again on the same state folder and ports.
    pub fn restart(&mut self) {
        self.kill();
        // The killed process's sockets may hold the port for a moment; retry briefly.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.spawn() {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => panic!("swtpm did not restart: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    fn spawn(&mut self) -> Result<(), String> {
        let log = self.dir.join("swtpm.log");
        let log_file = std::fs::File::create(&log).map_err(|e| format!("log file: {e}"))?;
        let (data, ctrl) = (self.port, self.port + 1);
        let mut child = Command::new("swtpm")
            .arg("socket")
            .arg("--tpm2")
            .arg("--tpmstate")
            .arg(format!("dir={}", self.dir.display()))
            .arg("--server")
            .arg(format!("type=tcp,port={data},bindaddr=127.0.0.1"))
            .arg("--ctrl")
            .arg(format!("type=tcp,port={ctrl},bindaddr=127.0.0.1"))
            .arg("--flags")
            .arg("not-need-init,startup-clear")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run `swtpm` ({e}): the TPM keystore tests need it (Debian: apt-get install swtpm swtpm-tools tpm2-tools)")
            });
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let text = std::fs::read_to_string(&log).unwrap_or_default();
                return Err(format!("swtpm exited with {status}: {text}"));
            }
            if accepts(data) && accepts(ctrl) {
                self.child = Some(child);
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("swtpm did not listen on {data}/{ctrl} within 10 s"));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Swtpm {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn accepts(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

/// Two adjacent free loopback ports `(p, p + 1)`, returned as `p`.
pub fn free_port_pair() -> u16 {
    for _ in 0..200 {
        let Ok(first) = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)) else { continue };
        let Ok(port) = first.local_addr().map(|a| a.port()) else { continue };
        if port == u16::MAX || TcpListener::bind((Ipv4Addr::LOCALHOST, port + 1)).is_err() {
            continue;
        }
        let mut taken = TAKEN.lock().unwrap_or_else(|p| p.into_inner());
        let taken = taken.get_or_insert_with(HashSet::new);
        if !taken.contains(&port) && !taken.contains(&(port + 1)) {
            taken.insert(port);
            taken.insert(port + 1);
            return port;
        }
    }
    panic!("no two adjacent free loopback ports");
}
