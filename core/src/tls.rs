//! TLS through rustls, for every case Mosquitto-PHP's `setTls*` methods can
//! express: a CA file or directory, a client certificate with a plain or
//! password-protected key (PKCS#8 `ENCRYPTED PRIVATE KEY`, or the traditional
//! OpenSSL `Proc-Type: 4,ENCRYPTED` form), hostname checks off
//! (`setTlsInsecure`), no verification at all (`SSL_VERIFY_NONE`), a fixed TLS
//! version and a cipher list in OpenSSL's names.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{ring, CryptoProvider};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsVersion {
    V1_2,
    V1_3,
}

/// Everything TLS about a session. Present means the connection uses TLS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsOptions {
    /// `None`: the system's trusted roots.
    pub ca: Option<CaSource>,
    pub client: Option<ClientIdentity>,
    /// Skip the hostname check only (`setTlsInsecure(true)`).
    pub insecure: bool,
    /// `SSL_VERIFY_PEER` (true) or `SSL_VERIFY_NONE`.
    pub verify_peer: bool,
    pub version: Option<TlsVersion>,
    /// rustls cipher suite names, from OpenSSL's.
    pub ciphers: Option<Vec<String>>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions { ca: None, client: None, insecure: false, verify_peer: true, version: None, ciphers: None }
    }
}

fn bad(detail: impl Into<String>) -> MqttError {
    MqttError::BadArgument(detail.into())
}

fn readable(path: &str, what: &str) -> Result<std::fs::Metadata, MqttError> {
    std::fs::metadata(path).map_err(|e| bad(format!("{what} {path}: {}", io_text(&e))))
}

fn io_text(error: &std::io::Error) -> String {
    let text = error.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_string()
}

impl TlsOptions {
    /// Checks `setTlsCertificates()`'s arguments now, so mistakes surface at
    /// the call: files must exist, a certificate needs its key, and the key
    /// must open with the password given.
    pub fn certificates(
        ca_path: Option<String>,
        cert_path: Option<String>,
        key_path: Option<String>,
        key_password: Option<String>,
    ) -> Result<Certificates, MqttError> {
        let ca = match ca_path {
            None => None,
            Some(path) => Some(if readable(&path, "CA")?.is_dir() {
                CaSource::Dir(path.into())
            } else {
                CaSource::File(path.into())
            }),
        };
        let client = match (cert_path, key_path) {
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                return Err(bad("a client certificate and its key must be given together"));
            }
            (Some(cert), Some(key)) => {
                readable(&cert, "certificate")?;
                readable(&key, "key")?;
                let identity = ClientIdentity { cert: cert.into(), key: key.into(), password: key_password };
                load_identity(&identity)?;
                Some(identity)
            }
        };
        if let Some(ca) = &ca {
            load_roots(ca)?;
        }
        Ok(Certificates { ca, client })
    }

    /// `setTlsOptions()`: peer verification, TLS version and cipher list.
    pub fn set_options(&mut self, verify_peer: bool, version: Option<String>, ciphers: Option<String>) -> Result<(), MqttError> {
        self.version = match version.as_deref() {
            None => None,
            Some("tlsv1.2") => Some(TlsVersion::V1_2),
            Some("tlsv1.3") => Some(TlsVersion::V1_3),
            Some(old @ ("tlsv1" | "tlsv1.1")) => {
                return Err(MqttError::Tls(format!("{old} is not offered: rustls speaks only TLS 1.2 and 1.3")));
            }
            Some(other) => return Err(bad(format!("unknown TLS version {other}"))),
        };
        self.ciphers = match ciphers {
            None => None,
            Some(list) => Some(rustls_suites(&list)?),
        };
        self.verify_peer = verify_peer;
        Ok(())
    }

    /// The rustls client configuration for a connection.
    pub(crate) fn client_config(&self) -> Result<ClientConfig, MqttError> {
        let mut provider = ring::default_provider();
        if let Some(wanted) = &self.ciphers {
            provider.cipher_suites.retain(|s| wanted.iter().any(|w| format!("{:?}", s.suite()) == *w));
        }
        let provider = Arc::new(provider);
        let versions: &[&rustls::SupportedProtocolVersion] = match self.version {
            None => rustls::DEFAULT_VERSIONS,
            Some(TlsVersion::V1_2) => &[&rustls::version::TLS12],
            Some(TlsVersion::V1_3) => &[&rustls::version::TLS13],
        };
        let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_protocol_versions(versions)
            .map_err(|e| MqttError::Tls(e.to_string()))?;
        let verifier: Arc<dyn ServerCertVerifier> = if self.verify_peer {
            let roots = match &self.ca {
                Some(ca) => load_roots(ca)?,
                None => system_roots(),
            };
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
                .build()
                .map_err(|e| MqttError::Tls(e.to_string()))?;
            if self.insecure {
                Arc::new(IgnoreHostname(webpki))
            } else {
                webpki
            }
        } else {
            Arc::new(AcceptAnyServer(provider))
        };
        let builder = builder.dangerous().with_custom_certificate_verifier(verifier);
        match &self.client {
            None => Ok(builder.with_no_client_auth()),
            Some(identity) => {
                let (chain, key) = load_identity(identity)?;
                builder.with_client_auth_cert(chain, key).map_err(|e| MqttError::Tls(e.to_string()))
            }
        }
    }
}

fn pem_file(path: &Path, what: &str) -> Result<Vec<u8>, MqttError> {
    std::fs::read(path).map_err(|e| bad(format!("{what} {}: {}", path.display(), io_text(&e))))
}

fn certs_in(path: &Path) -> Result<Vec<CertificateDer<'static>>, MqttError> {
    let pem = pem_file(path, "certificate")?;
    rustls_pemfile::certs(&mut pem.as_slice())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(format!("certificate {}: {e}", path.display())))
}

fn load_roots(ca: &CaSource) -> Result<RootCertStore, MqttError> {
    let mut roots = RootCertStore::empty();
    let files = match ca {
        CaSource::File(path) => vec![path.clone()],
        CaSource::Dir(dir) => std::fs::read_dir(dir)
            .map_err(|e| bad(format!("CA directory {}: {}", dir.display(), io_text(&e))))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect(),
    };
    for file in &files {
        // A CA directory may hold other files (keys, hash links to the same certs).
        let certs = match (ca, certs_in(file)) {
            (CaSource::Dir(_), Err(_)) => continue,
            (_, result) => result?,
        };
        for cert in certs {
            roots.add(cert).map_err(|e| bad(format!("CA certificate {}: {e}", file.display())))?;
        }
    }
    if roots.is_empty() {
        let place = match ca {
            CaSource::File(p) | CaSource::Dir(p) => p.display().to_string(),
        };
        return Err(bad(format!("no CA certificate found in {place}")));
    }
    Ok(roots)
}

fn system_roots() -> RootCertStore {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    roots
}

fn load_identity(identity: &ClientIdentity) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), MqttError> {
    let chain = certs_in(&identity.cert)?;
    if chain.is_empty() {
        return Err(bad(format!("certificate {}: no certificate in the file", identity.cert.display())));
    }
    let pem = pem_file(&identity.key, "key")?;
    let key = crate::keys::private_key(&pem, identity.password.as_deref())
        .map_err(|problem| bad(format!("key {}: {problem}", identity.key.display())))?;
    Ok((chain, key))
}

/// OpenSSL cipher names (as `setTlsOptions()` takes them, `:`-separated) to
/// the rustls suites they name. Names rustls has no suite for are skipped;
/// none at all is an error.
fn rustls_suites(list: &str) -> Result<Vec<String>, MqttError> {
    const NAMES: [(&str, &str); 9] = [
        ("TLS_AES_128_GCM_SHA256", "TLS13_AES_128_GCM_SHA256"),
        ("TLS_AES_256_GCM_SHA384", "TLS13_AES_256_GCM_SHA384"),
        ("TLS_CHACHA20_POLY1305_SHA256", "TLS13_CHACHA20_POLY1305_SHA256"),
        ("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
        ("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
        ("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
        ("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        ("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
        ("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    ];
    let suites: Vec<String> = list
        .split([':', ',', ' '])
        .filter_map(|name| NAMES.iter().find(|(openssl, rustls)| *openssl == name || *rustls == name))
        .map(|(_, rustls)| rustls.to_string())
        .collect();
    if suites.is_empty() {
        return Err(bad(format!("no cipher suite rustls offers is named in \"{list}\"")));
    }
    Ok(suites)
}

/// `SSL_VERIFY_NONE`: any certificate is accepted, but the handshake
/// signatures are still checked, so the peer must hold the certificate's key.
#[derive(Debug)]
struct AcceptAnyServer(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyServer {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `setTlsInsecure(true)`: the chain is verified, the name in it is not.
#[derive(Debug)]
struct IgnoreHostname(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for IgnoreHostname {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.0.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_names_map_to_rustls_suites() {
        assert_eq!(
            rustls_suites("ECDHE-RSA-AES128-GCM-SHA256:DES-CBC3-SHA").unwrap(),
            vec!["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".to_string()]
        );
        assert!(rustls_suites("RC4-MD5").is_err());
        // The names we map to are the names rustls gives its suites.
        let known: Vec<String> = ring::default_provider().cipher_suites.iter().map(|s| format!("{:?}", s.suite())).collect();
        for (_, name) in rustls_suites("TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-CHACHA20-POLY1305").unwrap().iter().enumerate() {
            assert!(known.contains(name), "{name} not in {known:?}");
        }
    }

    #[test]
    fn versions() {
        let mut tls = TlsOptions::default();
        assert!(tls.set_options(true, Some("tlsv1.2".into()), None).is_ok());
        assert_eq!(tls.version, Some(TlsVersion::V1_2));
        assert!(matches!(tls.set_options(true, Some("tlsv1.1".into()), None), Err(MqttError::Tls(_))));
        assert!(matches!(tls.set_options(true, Some("tlsv9".into()), None), Err(MqttError::BadArgument(_))));
    }

    #[test]
    fn missing_files_are_named() {
        let error = TlsOptions::certificates(Some("/nonexistent/ca.pem".into()), None, None, None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Invalid function arguments provided. (CA /nonexistent/ca.pem: No such file or directory)"
        );
        let lone_cert = TlsOptions::certificates(None, Some("/etc/hostname".into()), None, None).unwrap_err();
        assert!(lone_cert.to_string().contains("must be given together"));
    }
}
