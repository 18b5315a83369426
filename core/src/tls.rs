//! TLS on the system OpenSSL, set up the way libmosquitto 2.0 sets it up
//! (`net__init_ssl_ctx()` and `mosquitto__server_certificate_verify()`), so
//! every certificate, key and cipher string that works with Mosquitto-PHP
//! works here too: X.509 v1 certificates, a CN without subjectAltName, TLS 1.1
//! where the user lowers the security level, every key format OpenSSL reads,
//! cipher strings such as `HIGH:!aNULL`, and TLS-PSK.
//!
//! The PHP thread builds the context when the options are set, so a mistake
//! in the user's own files is an exception at the call that named them; the
//! I/O thread makes one [`Ssl`] per connection from it.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use openssl::bn::BigNum;
use openssl::error::ErrorStack;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{Ssl, SslContext, SslContextBuilder, SslMethod, SslMode, SslOptions, SslVerifyMode};
use openssl::x509::{X509Ref, X509StoreContextRef, X509VerifyResult};

use crate::error::MqttError;

/// Where trusted CA certificates come from; Mosquitto-PHP decides by `stat()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaSource {
    File(PathBuf),
    Dir(PathBuf),
}

/// A client certificate chain and its private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIdentity {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// Kept per client (Mosquitto-PHP kept one in a process-wide global).
    pub password: Option<String>,
}

/// What `setTlsCertificates()` gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Certificates {
    pub ca: Option<CaSource>,
    pub client: Option<ClientIdentity>,
}

/// What `setTlsPSK()` gives: the key already turned into bytes the way
/// libmosquitto's `mosquitto__hex2bin()` does (leading `00` pairs kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Psk {
    pub identity: String,
    pub key: Vec<u8>,
}

/// Everything TLS about a session. TLS is used once a CA or a PSK is set, as
/// libmosquitto decides (`tls_cafile || tls_capath || tls_psk`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsOptions {
    pub ca: Option<CaSource>,
    pub client: Option<ClientIdentity>,
    pub psk: Option<Psk>,
    /// Skip the hostname check only (`setTlsInsecure(true)`).
    pub insecure: bool,
    /// `SSL_VERIFY_PEER` (true) or `SSL_VERIFY_NONE`.
    pub verify_peer: bool,
    /// "tlsv1.3", "tlsv1.2" or "tlsv1.1"; `None` is libmosquitto's default.
    pub version: Option<String>,
    /// An OpenSSL cipher string, passed to OpenSSL as it is (TLS 1.2 and lower).
    pub ciphers: Option<String>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions { ca: None, client: None, psk: None, insecure: false, verify_peer: true, version: None, ciphers: None }
    }
}

fn bad(detail: impl Into<String>) -> MqttError {
    MqttError::BadArgument(detail.into())
}

fn io_text(error: &std::io::Error) -> String {
    let text = error.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_string()
}

/// OpenSSL's own reasons, as `net__print_ssl_error()` would log them.
pub(crate) fn reasons(errors: &ErrorStack) -> String {
    let texts: Vec<String> = errors.errors().iter().filter_map(|e| e.reason().map(str::to_string)).collect();
    if texts.is_empty() {
        "unknown OpenSSL error".to_string()
    } else {
        texts.join(", ")
    }
}

/// A path from PHP: it must exist, and OpenSSL takes C strings.
fn existing(path: &str, what: &str) -> Result<std::fs::Metadata, MqttError> {
    if path.contains('\0') {
        return Err(bad(format!("{what} path contains a NUL byte")));
    }
    std::fs::metadata(path).map_err(|e| bad(format!("{what} {path}: {}", io_text(&e))))
}

impl TlsOptions {
    /// Whether connections use TLS.
    pub fn enabled(&self) -> bool {
        self.ca.is_some() || self.psk.is_some()
    }

    /// Checks `setTlsCertificates()`'s arguments now, so mistakes surface at
    /// the call: files must exist, a certificate needs its key, the key must
    /// open with the password given and match the certificate.
    pub fn certificates(
        ca_path: Option<String>,
        cert_path: Option<String>,
        key_path: Option<String>,
        key_password: Option<String>,
    ) -> Result<Certificates, MqttError> {
        let ca = match ca_path {
            None => None,
            Some(path) => Some(if existing(&path, "CA")?.is_dir() { CaSource::Dir(path.into()) } else { CaSource::File(path.into()) }),
        };
        let client = match (cert_path, key_path) {
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                return Err(bad("a client certificate and its key must be given together"));
            }
            (Some(cert), Some(key)) => {
                existing(&cert, "certificate")?;
                existing(&key, "key")?;
                Some(ClientIdentity { cert: cert.into(), key: key.into(), password: key_password })
            }
        };
        let certificates = Certificates { ca, client };
        // Build a context once, only to surface problems at this call.
        let check = TlsOptions { ca: certificates.ca.clone(), client: certificates.client.clone(), ..TlsOptions::default() };
        check.context()?;
        Ok(certificates)
    }

    /// `setTlsOptions()`: peer verification, TLS version and cipher string,
    /// checked as `mosquitto_tls_opts_set()` and OpenSSL check them.
    pub fn set_options(&mut self, verify_peer: bool, version: Option<String>, ciphers: Option<String>) -> Result<(), MqttError> {
        let version = match version {
            None => None,
            Some(v) if ["tlsv1.3", "tlsv1.2", "tlsv1.1"].contains(&v.to_ascii_lowercase().as_str()) => Some(v.to_ascii_lowercase()),
            Some(_) => return Err(MqttError::InvalidArguments),
        };
        if let Some(list) = &ciphers {
            cipher_list_check(list)?;
        }
        self.verify_peer = verify_peer;
        self.version = version;
        self.ciphers = ciphers;
        Ok(())
    }

    /// `setTlsPSK()`: a hex key and an identity, as `mosquitto_tls_psk_set()` takes them.
    pub fn set_psk(&mut self, hex_key: &str, identity: String, ciphers: Option<String>) -> Result<(), MqttError> {
        if hex_key.is_empty() || !hex_key.bytes().all(|b| b.is_ascii_hexdigit()) || identity.contains('\0') {
            return Err(MqttError::InvalidArguments);
        }
        if let Some(list) = &ciphers {
            cipher_list_check(list)?;
        }
        self.psk = Some(Psk { identity, key: psk_bytes(hex_key)? });
        self.ciphers = ciphers;
        Ok(())
    }

    /// The OpenSSL context for this session's connections.
    pub(crate) fn context(&self) -> Result<SslContext, MqttError> {
        let tls = |e: ErrorStack| MqttError::Tls(reasons(&e));
        let mut builder = SslContextBuilder::new(SslMethod::tls_client()).map_err(tls)?;
        let old = SslOptions::NO_SSLV3 | SslOptions::NO_TLSV1;
        let versions = match self.version.as_deref() {
            None | Some("tlsv1.2") => old | SslOptions::NO_TLSV1_1,
            Some("tlsv1.3") => old | SslOptions::NO_TLSV1_1 | SslOptions::NO_TLSV1_2,
            Some("tlsv1.1") => old,
            Some(_) => return Err(MqttError::InvalidArguments),
        };
        builder.set_options(versions | SslOptions::NO_COMPRESSION);
        builder.set_mode(SslMode::RELEASE_BUFFERS);
        if let Some(list) = &self.ciphers {
            builder
                .set_cipher_list(list)
                .map_err(|e| MqttError::Tls(format!("Unable to set TLS ciphers. Check cipher list \"{list}\": {}", reasons(&e))))?;
        }
        if let Some(ca) = &self.ca {
            let (file, dir) = match ca {
                CaSource::File(path) => (Some(path.as_path()), None),
                CaSource::Dir(path) => (None, Some(path.as_path())),
            };
            builder.load_verify_locations(file, dir).map_err(|e| {
                let path = file.or(dir).map(Path::display);
                bad(format!("Unable to load CA certificates from {}: {}", path.map(|p| p.to_string()).unwrap_or_default(), reasons(&e)))
            })?;
            builder.set_verify(if self.verify_peer { SslVerifyMode::PEER } else { SslVerifyMode::NONE });
            if let Some(identity) = &self.client {
                load_identity(&mut builder, identity)?;
            }
        } else if let Some(psk) = self.psk.clone() {
            builder.set_psk_client_callback(move |_ssl, _hint, identity, key| {
                let name = psk.identity.as_bytes();
                if name.len() >= identity.len() || psk.key.len() > key.len() {
                    return Ok(0);
                }
                identity[..name.len()].copy_from_slice(name);
                identity[name.len()] = 0;
                key[..psk.key.len()].copy_from_slice(&psk.key);
                Ok(psk.key.len())
            });
        }
        Ok(builder.build())
    }

    /// One connection's TLS session: SNI and, unless told otherwise,
    /// libmosquitto's hostname check on the server's own certificate.
    pub(crate) fn session(&self, context: &SslContext, host: &str) -> Result<Ssl, MqttError> {
        let tls = |e: ErrorStack| MqttError::Tls(reasons(&e));
        let mut ssl = Ssl::new(context).map_err(tls)?;
        // libmosquitto sends SNI for every host; OpenSSL refuses an IP literal as a name.
        if host.parse::<IpAddr>().is_err() {
            ssl.set_hostname(host).map_err(tls)?;
        }
        if self.ca.is_some() && self.verify_peer && !self.insecure {
            let host = host.to_string();
            ssl.set_verify_callback(SslVerifyMode::PEER, move |preverified, chain| check_peer(preverified, chain, &host));
        }
        Ok(ssl)
    }
}

/// `mosquitto__server_certificate_verify()`: the chain as OpenSSL verified
/// it, plus the host name on the peer's own certificate.
fn check_peer(preverified: bool, chain: &mut X509StoreContextRef, host: &str) -> bool {
    if !preverified || chain.error_depth() != 0 {
        return preverified;
    }
    let matches = chain.current_cert().is_some_and(|cert| certificate_names_host(cert, host));
    if !matches {
        // SAFETY: `from_raw` wants a valid `X509_V_ERR_*` code, and this is
        // one of OpenSSL's own constants; nothing else is involved.
        let mismatch = unsafe { X509VerifyResult::from_raw(openssl_sys::X509_V_ERR_HOSTNAME_MISMATCH) };
        chain.set_error(mismatch);
    }
    matches
}

/// libmosquitto's `mosquitto__verify_certificate_hostname()`: subjectAltName
/// DNS and IP entries; the CN only when there is no DNS entry.
fn certificate_names_host(cert: &X509Ref, host: &str) -> bool {
    let ip: Option<Vec<u8>> = match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => Some(v4.octets().to_vec()),
        Ok(IpAddr::V6(v6)) => Some(v6.octets().to_vec()),
        Err(_) => None,
    };
    let mut has_dns_name = false;
    if let Some(names) = cert.subject_alt_names() {
        for name in &names {
            if let Some(dns) = name.dnsname() {
                if name_matches(dns, host) {
                    return true;
                }
                has_dns_name = true;
            } else if let (Some(address), Some(ip)) = (name.ipaddress(), &ip) {
                if address == ip.as_slice() {
                    return true;
                }
            }
        }
        if has_dns_name {
            return false;
        }
    }
    cert.subject_name()
        .entries_by_nid(Nid::COMMONNAME)
        .next()
        .and_then(|cn| cn.data().to_string().ok())
        .is_some_and(|cn| name_matches(&cn, host))
}

/// `mosquitto__cmp_hostname_wildcard()`: a leading `*.` stands for exactly
/// the first label of the host; otherwise a case-insensitive comparison.
fn name_matches(certificate_name: &str, host: &str) -> bool {
    match certificate_name.strip_prefix('*') {
        Some(rest) => match rest.strip_prefix('.') {
            Some(domain) => {
                let parent = host.split_once('.').map_or(host, |(_, parent)| parent);
                domain.eq_ignore_ascii_case(parent)
            }
            None => false,
        },
        None => certificate_name.eq_ignore_ascii_case(host),
    }
}

/// `mosquitto__hex2bin()`: leading `00` pairs stay zero bytes, the rest is a
/// big number (so the broker, which converts its `psk_file` the same way, agrees).
fn psk_bytes(hex: &str) -> Result<Vec<u8>, MqttError> {
    let zeros = hex.as_bytes().chunks(2).take_while(|pair| *pair == b"00").count();
    let number = BigNum::from_hex_str(hex).map_err(|_| MqttError::InvalidArguments)?;
    let mut key = vec![0u8; zeros];
    key.extend(number.to_vec());
    Ok(key)
}

fn cipher_list_check(list: &str) -> Result<(), MqttError> {
    if list.contains('\0') {
        return Err(MqttError::InvalidArguments);
    }
    Ok(())
}

/// The client certificate chain and its key, read as OpenSSL reads PEM
/// (every format it knows, the password given to its callback), and checked
/// against each other as `SSL_CTX_check_private_key()` does.
fn load_identity(builder: &mut SslContextBuilder, identity: &ClientIdentity) -> Result<(), MqttError> {
    let cert = identity.cert.display();
    let key_path = identity.key.display();
    builder
        .set_certificate_chain_file(&identity.cert)
        .map_err(|e| bad(format!("Unable to load client certificate \"{cert}\": {}", reasons(&e))))?;
    let pem = std::fs::read(&identity.key).map_err(|e| bad(format!("key {key_path}: {}", io_text(&e))))?;
    let key: PKey<Private> = PKey::private_key_from_pem_callback(&pem, |buffer| {
        // No password: answer OpenSSL's question with nothing rather than let
        // it prompt on a terminal a worker does not have.
        let password = identity.password.as_deref().unwrap_or("").as_bytes();
        let n = password.len().min(buffer.len());
        buffer[..n].copy_from_slice(&password[..n]);
        Ok(n)
    })
    .map_err(|e| {
        let why = match &identity.password {
            None => "no password given for an encrypted key, or not a PEM private key",
            Some(_) => "wrong password, or not a PEM private key",
        };
        bad(format!("Unable to load client key file \"{key_path}\": {why} ({})", reasons(&e)))
    })?;
    builder.set_private_key(&key).map_err(|e| bad(format!("Unable to use client key file \"{key_path}\": {}", reasons(&e))))?;
    builder.check_private_key().map_err(|_| bad(format!("Client certificate/key are inconsistent: \"{cert}\" and \"{key_path}\"")))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_stand_for_one_label() {
        assert!(name_matches("*.example.com", "a.example.com"));
        assert!(!name_matches("*.example.com", "a.b.example.com"));
        assert!(!name_matches("*example.com", "a.example.com"));
        assert!(name_matches("Broker.Example.com", "broker.example.COM"));
    }

    #[test]
    fn psk_keys_convert_like_libmosquitto() {
        assert_eq!(psk_bytes("00ff").unwrap(), vec![0, 0xff]);
        assert_eq!(psk_bytes("abc").unwrap(), vec![0x0a, 0xbc]);
        assert_eq!(psk_bytes("0a0b").unwrap(), vec![0x0a, 0x0b]);
    }

    #[test]
    fn versions_as_mosquitto_tls_opts_set() {
        let mut tls = TlsOptions::default();
        assert_eq!(tls.set_options(true, Some("tlsv1".into()), None), Err(MqttError::InvalidArguments));
        assert_eq!(tls.set_options(true, Some("TLSv1.3".into()), None), Ok(()));
        assert_eq!(tls.version.as_deref(), Some("tlsv1.3"));
    }

    #[test]
    fn missing_files_are_named() {
        let error = TlsOptions::certificates(Some("/nonexistent/ca.crt".into()), None, None, None).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/ca.crt"), "{error}");
    }

    #[test]
    fn bad_cipher_strings_fail_when_the_context_is_built() {
        let tls = TlsOptions {
            psk: Some(Psk { identity: "id".into(), key: vec![1] }),
            ciphers: Some("NOT-A-CIPHER".into()),
            ..TlsOptions::default()
        };
        assert!(matches!(tls.context(), Err(MqttError::Tls(text)) if text.contains("NOT-A-CIPHER")));
    }
}
