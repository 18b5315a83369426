//! Private keys from PEM, including the two password-protected forms OpenSSL
//! writes: PKCS#8 `ENCRYPTED PRIVATE KEY` (decrypted by the `pkcs8` crate) and
//! the traditional `Proc-Type: 4,ENCRYPTED` block (`openssl genrsa -des3
//! -traditional`), whose key is derived with OpenSSL's `EVP_BytesToKey` (MD5,
//! one round) and decrypted with RustCrypto's DES-EDE3/AES in CBC mode.

use base64ct::{Base64, Encoding};
use cbc::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyIvInit};
use md5::{Digest, Md5};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};

/// One PEM block: its label, its RFC 1421 headers and its decoded body.
struct PemBlock {
    label: String,
    headers: Vec<(String, String)>,
    der: Vec<u8>,
}

fn first_key_block(pem: &str) -> Result<PemBlock, String> {
    let mut lines = pem.lines().map(str::trim);
    let label = loop {
        let line = lines.next().ok_or("no private key in the file")?;
        if let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
            if label.ends_with("PRIVATE KEY") {
                break label.to_string();
            }
        }
    };
    let (mut headers, mut body) = (Vec::new(), String::new());
    for line in lines {
        if line.starts_with("-----END ") {
            let der = Base64::decode_vec(&body).map_err(|_| "the key is not valid base64".to_string())?;
            return Ok(PemBlock { label, headers, der });
        }
        match line.split_once(':') {
            Some((name, value)) if body.is_empty() => headers.push((name.trim().to_string(), value.trim().to_string())),
            _ => body.push_str(line),
        }
    }
    Err("the key's PEM block is not terminated".into())
}

/// The private key in `pem`, decrypted with `password` where it is encrypted.
pub(crate) fn private_key(pem: &[u8], password: Option<&str>) -> Result<PrivateKeyDer<'static>, String> {
    let text = std::str::from_utf8(pem).map_err(|_| "not a PEM file")?;
    let block = first_key_block(text)?;
    let header = |name: &str| block.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let need_password = || password.ok_or_else(|| "the key is encrypted and no password was given".to_string());

    if block.label == "ENCRYPTED PRIVATE KEY" {
        let info = pkcs8::EncryptedPrivateKeyInfo::try_from(block.der.as_slice()).map_err(|e| e.to_string())?;
        let plain = info.decrypt(need_password()?).map_err(|_| "wrong password for the key (or an unsupported cipher)".to_string())?;
        return Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(plain.as_bytes().to_vec())));
    }
    let der = if header("Proc-Type") == Some("4,ENCRYPTED") {
        let dek = header("DEK-Info").ok_or("encrypted key without DEK-Info")?;
        decrypt_traditional(dek, &block.der, need_password()?)?
    } else {
        block.der
    };
    match block.label.as_str() {
        "RSA PRIVATE KEY" => Ok(PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(der))),
        "EC PRIVATE KEY" => Ok(PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(der))),
        "PRIVATE KEY" => Ok(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der))),
        other => Err(format!("unsupported key type \"{other}\"")),
    }
}

/// OpenSSL's `EVP_BytesToKey` with MD5 and one iteration, salted with the IV's first 8 bytes.
fn bytes_to_key(password: &[u8], salt: &[u8], len: usize) -> Vec<u8> {
    let mut key = Vec::with_capacity(len + 16);
    let mut previous: Vec<u8> = Vec::new();
    while key.len() < len {
        let mut md5 = Md5::new();
        md5.update(&previous);
        md5.update(password);
        md5.update(salt);
        previous = md5.finalize().to_vec();
        key.extend_from_slice(&previous);
    }
    key.truncate(len);
    key
}

fn decrypt_traditional(dek_info: &str, data: &[u8], password: &str) -> Result<Vec<u8>, String> {
    let (cipher, iv_hex) = dek_info.split_once(',').ok_or("malformed DEK-Info")?;
    let iv = (0..iv_hex.len())
        .step_by(2)
        .map(|i| iv_hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .filter(|iv| iv.len() >= 8)
        .ok_or("malformed IV in DEK-Info")?;
    let wrong = |_| "wrong password for the key".to_string();
    let key = |len| bytes_to_key(password.as_bytes(), &iv[..8], len);
    match cipher {
        "DES-EDE3-CBC" => cbc::Decryptor::<des::TdesEde3>::new_from_slices(&key(24), &iv)
            .map_err(|e| e.to_string())?
            .decrypt_padded_vec_mut::<Pkcs7>(data)
            .map_err(wrong),
        "AES-128-CBC" => cbc::Decryptor::<aes::Aes128>::new_from_slices(&key(16), &iv)
            .map_err(|e| e.to_string())?
            .decrypt_padded_vec_mut::<Pkcs7>(data)
            .map_err(wrong),
        "AES-256-CBC" => cbc::Decryptor::<aes::Aes256>::new_from_slices(&key(32), &iv)
            .map_err(|e| e.to_string())?
            .decrypt_padded_vec_mut::<Pkcs7>(data)
            .map_err(wrong),
        other => Err(format!("unsupported key cipher {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_to_key_matches_openssl() {
        // `openssl enc -des-ede3-cbc -pass pass:secret -S 0102030405060708 -P -md md5`
        // prints key=05E0A6F2... ; checked here through its first block, MD5(password || salt).
        let key = bytes_to_key(b"secret", &[1, 2, 3, 4, 5, 6, 7, 8], 24);
        let mut md5 = Md5::new();
        md5.update(b"secret");
        md5.update([1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(key[..16], md5.finalize()[..]);
        assert_eq!(key.len(), 24);
    }

    #[test]
    fn plain_and_missing_keys() {
        assert!(private_key(b"hello", None).unwrap_err().contains("no private key"));
        let plain = "-----BEGIN PRIVATE KEY-----\nAAEC\n-----END PRIVATE KEY-----\n";
        assert!(matches!(private_key(plain.as_bytes(), None), Ok(PrivateKeyDer::Pkcs8(_))));
        let encrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-EDE3-CBC,0102030405060708\n\nAAEC\n-----END RSA PRIVATE KEY-----\n";
        assert!(private_key(encrypted.as_bytes(), None).unwrap_err().contains("no password"));
    }
}
