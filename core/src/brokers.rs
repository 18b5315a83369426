//! The broker list in `connect()`'s `$host`: `"host1:1883,host2:1884,[::1]:1885"`.
//!
//! A plain host (no comma, no port) is what Mosquitto-PHP takes, and stays
//! exactly that. Entries are separated by commas; each may carry its own
//! port (`host:port`, `[ipv6]:port`), else `connect()`'s `$port` applies. An
//! IPv6 address without brackets (`::1`) is a host without a port, as
//! libmosquitto reads it.

use std::fmt;

use crate::error::MqttError;

/// One broker address of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broker {
    /// As written (without brackets): resolved, and the TLS name checked against it.
    pub host: String,
    pub port: u16,
}

impl fmt::Display for Broker {
    /// `host:port`, with an IPv6 address in brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{}:{}", self.host, self.port)
        }
    }
}

/// The brokers `host` names, in order. `default_port` is `connect()`'s `$port`.
pub fn parse(host: &str, default_port: u16) -> Result<Vec<Broker>, MqttError> {
    if !host.contains(',') && !host.starts_with('[') && host.matches(':').count() != 1 {
        // Mosquitto-PHP's case: one host (name, IPv4 or bare IPv6), `$port`.
        return Ok(vec![Broker { host: host.to_string(), port: default_port }]);
    }
    let mut brokers = Vec::new();
    for (index, entry) in host.split(',').enumerate() {
        let entry = entry.trim();
        let bad = |what: &str| MqttError::BadArgument(format!("broker list entry {} '{entry}': {what}", index + 1));
        if entry.is_empty() {
            return Err(bad("empty"));
        }
        let (name, port) = if let Some(rest) = entry.strip_prefix('[') {
            let Some((name, after)) = rest.split_once(']') else { return Err(bad("no closing ']'")) };
            match after {
                "" => (name, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (name, Some(port)),
                    None => return Err(bad("expected ':port' after ']'")),
                },
            }
        } else if entry.matches(':').count() == 1 {
            let (name, port) = entry.split_once(':').unwrap_or((entry, ""));
            (name, Some(port))
        } else {
            (entry, None)
        };
        if name.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port {
            None => default_port,
            Some(port) => match port.parse::<u16>() {
                Ok(port) if port > 0 => port,
                _ => return Err(bad("the port must be 1 to 65535")),
            },
        };
        brokers.push(Broker { host: name.to_string(), port });
    }
    Ok(brokers)
}

/// The error for a connect that failed on every broker of a list: the one
/// error when there was one broker (or all failed alike and the error names
/// no address), else every broker with its reason.
pub fn all_failed(mut failures: Vec<(Broker, MqttError)>) -> MqttError {
    if failures.len() == 1 {
        return failures.remove(0).1;
    }
    let first = failures[0].1.clone();
    let alike = failures.iter().all(|(_, error)| *error == first);
    match first {
        // Exception code = CONNACK code: keep it when every node said the same.
        MqttError::ConnackRefused(_) if alike => first,
        _ => {
            let list = failures
                .iter()
                .map(|(broker, error)| format!("{broker}: {}", without_address(error, broker)))
                .collect::<Vec<_>>()
                .join("; ");
            MqttError::NoBroker(list)
        }
    }
}

/// An error's text without the ` (host:port)` it ends with, when it does.
fn without_address(error: &MqttError, broker: &Broker) -> String {
    let text = error.to_string();
    let suffix = format!(" ({broker})");
    let text = text.strip_suffix(&suffix).unwrap_or(&text).to_string();
    let suffix = format!(", {broker})");
    match text.strip_suffix(&suffix) {
        Some(head) => format!("{head})"),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(host: &str, port: u16) -> Broker {
        Broker { host: host.into(), port }
    }

    #[test]
    fn a_plain_host_is_mosquitto_phps() {
        assert_eq!(parse("localhost", 1883), Ok(vec![b("localhost", 1883)]));
        assert_eq!(parse("127.0.0.1", 8883), Ok(vec![b("127.0.0.1", 8883)]));
        assert_eq!(parse("::1", 1883), Ok(vec![b("::1", 1883)]));
        assert_eq!(parse("fe80::1:2", 1883), Ok(vec![b("fe80::1:2", 1883)]));
        // validate() turns this one into "Lookup error.", as before.
        assert_eq!(parse("", 1883), Ok(vec![b("", 1883)]));
    }

    #[test]
    fn entries_with_and_without_ports() {
        assert_eq!(parse("host1:1883,host2:1884,[::1]:1885", 1883), Ok(vec![b("host1", 1883), b("host2", 1884), b("::1", 1885)]));
        assert_eq!(parse("a, b:2 ,[::1],::2", 7), Ok(vec![b("a", 7), b("b", 2), b("::1", 7), b("::2", 7)]));
        assert_eq!(parse("localhost:1884", 1883), Ok(vec![b("localhost", 1884)]));
        assert_eq!(parse("[::1]:1885", 1883), Ok(vec![b("::1", 1885)]));
        assert_eq!(parse("a,", 1), Err(MqttError::BadArgument("broker list entry 2 '': empty".into())));
    }

    #[test]
    fn malformed_entries() {
        for list in ["a:0", "a:x", "a:70000", "[::1", "[::1]x", ":1883", "[]:1", "a,,b", "a:"] {
            assert!(matches!(parse(list, 1883), Err(MqttError::BadArgument(_))), "{list}");
        }
    }

    #[test]
    fn display_brackets_ipv6() {
        assert_eq!(b("::1", 1).to_string(), "[::1]:1");
        assert_eq!(b("h", 2).to_string(), "h:2");
    }

    #[test]
    fn errors_name_every_broker() {
        let io = |broker: &Broker| MqttError::Io { message: "Connection refused".into(), address: broker.to_string() };
        let (one, two) = (b("127.0.0.1", 1), b("::1", 2));
        assert_eq!(all_failed(vec![(one.clone(), io(&one))]), io(&one));
        let both = all_failed(vec![(one.clone(), io(&one)), (two.clone(), MqttError::Lookup { host: "::1".into() })]);
        assert_eq!(
            both.to_string(),
            "Could not connect to any broker of the list: 127.0.0.1:1: Connection refused; [::1]:2: Lookup error."
        );
        let refused = all_failed(vec![(one.clone(), MqttError::ConnackRefused(5)), (two, MqttError::ConnackRefused(5))]);
        assert_eq!(refused, MqttError::ConnackRefused(5));
        let tls = MqttError::Tls(format!("certificate verify failed: x, {one}"));
        assert_eq!(without_address(&tls, &one), "A TLS error occurred. (certificate verify failed: x)");
    }
}
