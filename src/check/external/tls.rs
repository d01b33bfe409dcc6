//! TLS for `https://` links: rustls with the *ring* provider, TLS 1.2 and 1.3, and Mozilla's
//! root certificates compiled in (`webpki-roots`), so every editor's machine gives the same
//! answer whatever its own certificate store holds. `QINGFENG_EXTRA_CA` adds the CA
//! certificates of a PEM file to those roots: a newsroom's own CA, or the test CA of the tests.
//! Handshake failures are put in words an editor can act on.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use rustls::{AlertDescription, CertificateError, ClientConfig, Error as TlsError, RootCertStore};

/// The variable naming a PEM file of extra CA certificates to trust.
pub const EXTRA_CA_VAR: &str = "QINGFENG_EXTRA_CA";

/// The client settings: Mozilla's roots, plus the CA certificates in `extra_ca` (PEM).
pub fn client_config(extra_ca: Option<&Path>) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = extra_ca {
        let pem = std::fs::read(path)
            .map_err(|e| format!("{EXTRA_CA_VAR}: cannot read {}: {e}", path.display()))?;
        let mut added = 0;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| {
                format!("{EXTRA_CA_VAR}: {} is not a PEM file: {e}", path.display())
            })?;
            roots.add(cert).map_err(|e| {
                format!(
                    "{EXTRA_CA_VAR}: a certificate in {} is not a CA certificate: {e}",
                    path.display()
                )
            })?;
            added += 1;
        }
        if added == 0 {
            return Err(format!(
                "{EXTRA_CA_VAR}: {} holds no `-----BEGIN CERTIFICATE-----` block",
                path.display()
            ));
        }
    }
    // rustls 0.23.48 deprecates ring's provider for its lack of post-quantum key exchange;
    // the other provider, aws-lc-rs, needs cmake and a long C build, and `check
    // --external` only reads public pages. Allowed, so that a `cargo update` past 0.23.48
    // does not fail the lint.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// `example.org` from rustls's `DnsName("example.org")`; `IpAddress(…)` likewise.
fn plain_name(presented: &str) -> String {
    presented
        .split_once('(')
        .and_then(|(_, inner)| inner.strip_suffix(')'))
        .map_or(presented, |inner| inner.trim_matches('"'))
        .to_string()
}

/// What went wrong in a handshake, for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsProblem {
    /// The chain leads to no trusted root: most often a server that does not send its
    /// intermediate certificate, else a private or self-signed CA.
    UnknownIssuer,
    /// The certificate has expired (or is not valid yet).
    Expired,
    /// The certificate is for other names.
    WrongName(Vec<String>),
    /// An algorithm rustls does not verify (e.g. the SM2 of China's national standards).
    UnsupportedAlgorithm,
    /// The server speaks no TLS version or cipher that qingfeng does (TLS 1.2 and 1.3).
    OldProtocol,
    /// Anything else, as rustls words it.
    Other(String),
}

impl TlsProblem {
    /// Classifies a rustls error.
    pub fn of(error: &TlsError) -> TlsProblem {
        match error {
            TlsError::InvalidCertificate(cert) => match cert {
                CertificateError::UnknownIssuer => TlsProblem::UnknownIssuer,
                CertificateError::Expired
                | CertificateError::ExpiredContext { .. }
                | CertificateError::NotValidYet
                | CertificateError::NotValidYetContext { .. } => TlsProblem::Expired,
                CertificateError::NotValidForName => TlsProblem::WrongName(Vec::new()),
                CertificateError::NotValidForNameContext { presented, .. } => {
                    TlsProblem::WrongName(presented.iter().map(|n| plain_name(n)).collect())
                }
                CertificateError::UnsupportedSignatureAlgorithmContext { .. }
                | CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
                    TlsProblem::UnsupportedAlgorithm
                }
                other => TlsProblem::Other(format!("invalid certificate: {other:?}")),
            },
            TlsError::PeerIncompatible(_)
            | TlsError::AlertReceived(
                AlertDescription::ProtocolVersion | AlertDescription::HandshakeFailure,
            ) => TlsProblem::OldProtocol,
            other => TlsProblem::Other(other.to_string()),
        }
    }

    /// The problem in one phrase.
    pub fn describe(&self) -> String {
        match self {
            TlsProblem::UnknownIssuer => {
                "its certificate chain leads to no trusted root (unknown issuer)".to_string()
            }
            TlsProblem::Expired => "its certificate has expired or is not valid yet".to_string(),
            TlsProblem::WrongName(names) if names.is_empty() => {
                "its certificate is for another host name".to_string()
            }
            TlsProblem::WrongName(names) => {
                format!("its certificate is for {}, not this host", names.join(", "))
            }
            TlsProblem::UnsupportedAlgorithm => {
                "its certificate is signed with an algorithm qingfeng cannot verify (e.g. SM2)"
                    .to_string()
            }
            TlsProblem::OldProtocol => {
                "it refused the handshake: it may speak only old TLS versions or ciphers \
                 (qingfeng speaks TLS 1.2 and 1.3, as current browsers do)"
                    .to_string()
            }
            TlsProblem::Other(detail) => format!("the TLS handshake failed: {detail}"),
        }
    }

    /// What the editor can do about it.
    pub fn help(&self) -> String {
        match self {
            TlsProblem::UnknownIssuer => format!(
                "most often the server does not send its intermediate certificate (common on \
                 government sites): some browsers fetch it themselves and open the page, others \
                 and most phones show a security error; tell the site's webmaster. If the site \
                 uses your own organisation's CA, set {EXTRA_CA_VAR}=ca.pem"
            ),
            TlsProblem::Expired => {
                "readers' browsers show a security error: tell the site's webmaster, or link \
                 another page"
                    .to_string()
            }
            TlsProblem::WrongName(_) => {
                "readers' browsers show a security error: check the host name, or link the \
                 address the site's certificate is for"
                    .to_string()
            }
            TlsProblem::UnsupportedAlgorithm | TlsProblem::OldProtocol => {
                "open it in a browser; many browsers will not open it either".to_string()
            }
            TlsProblem::Other(_) => "open it in a browser to see whether it works".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::PeerIncompatible;
    use rustls::pki_types::ServerName;

    #[test]
    fn handshake_errors_are_put_in_words() {
        #[track_caller]
        fn case(error: TlsError, expected: TlsProblem) {
            assert_eq!(TlsProblem::of(&error), expected);
        }
        case(
            TlsError::InvalidCertificate(CertificateError::UnknownIssuer),
            TlsProblem::UnknownIssuer,
        );
        case(
            TlsError::InvalidCertificate(CertificateError::Expired),
            TlsProblem::Expired,
        );
        case(
            TlsError::InvalidCertificate(CertificateError::NotValidForNameContext {
                expected: ServerName::try_from("www.example.gov.cn").expect("name"),
                presented: vec![
                    "DnsName(\"example.gov.cn\")".into(),
                    "IpAddress(10.0.0.1)".into(),
                ],
            }),
            TlsProblem::WrongName(vec!["example.gov.cn".into(), "10.0.0.1".into()]),
        );
        case(
            TlsError::PeerIncompatible(PeerIncompatible::ServerDoesNotSupportTls12Or13),
            TlsProblem::OldProtocol,
        );
        case(
            TlsError::AlertReceived(AlertDescription::ProtocolVersion),
            TlsProblem::OldProtocol,
        );
        assert!(matches!(
            TlsProblem::of(&TlsError::DecryptError),
            TlsProblem::Other(_)
        ));
        assert!(TlsProblem::UnknownIssuer.help().contains(EXTRA_CA_VAR));
    }

    #[test]
    fn an_extra_ca_file_must_hold_a_certificate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not pem").expect("write");
        let error = client_config(Some(&path)).expect_err("no certificate");
        assert!(
            error.contains("holds no `-----BEGIN CERTIFICATE-----` block"),
            "{error}"
        );
        let missing = client_config(Some(&dir.path().join("missing.pem"))).expect_err("missing");
        assert!(
            missing.starts_with("QINGFENG_EXTRA_CA: cannot read"),
            "{missing}"
        );
        assert!(client_config(None).is_ok());
    }
}
