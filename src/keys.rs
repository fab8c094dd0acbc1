//! Keys for answers that travel: a therapist's age key pair, and encrypting
//! an export so that only the holder of that key can open it.
//!
//! Everything here is the standard age format, so `age-keygen` and `age -d`
//! work alongside reflect: a key made by either opens files written by the other.

use std::str::FromStr;

use age::secrecy::ExposeSecret;
use age::x25519;
use zeroize::Zeroizing;

/// What the first bytes of an age file say, binary or armored.
const AGE_MAGIC: &[u8] = b"age-encryption.org/";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    /// Not a public key of the form `age1…`.
    #[error("\"{0}\" is not an age public key (they start with age1 and are 62 characters long)")]
    BadRecipient(String),
    /// The key file holds no `AGE-SECRET-KEY-1…` line that parses.
    #[error("it holds no age secret key (a line starting AGE-SECRET-KEY-1)")]
    NoIdentity,
    /// The file was encrypted to someone else.
    #[error("it was encrypted for a different key")]
    NotForThisKey,
    #[error("it is not an age file")]
    NotAge,
    #[error("it is damaged and could not be decrypted")]
    Damaged,
    #[error("encrypting failed ({0})")]
    Encrypt(String),
}

/// A new key pair: the secret identity file's text and the public recipient.
pub struct NewKey {
    /// The identity file, in the format `age-keygen` writes. Wiped when dropped.
    pub identity_file: Zeroizing<String>,
    /// The public key (`age1…`) clients encrypt to.
    pub recipient: String,
}

/// A new random key pair.
pub fn generate() -> NewKey {
    let identity = x25519::Identity::generate();
    let recipient = identity.to_public().to_string();
    let created = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let identity_file = Zeroizing::new(format!(
        "# created: {created}\n# public key: {recipient}\n# Keep this file private: whoever has it can read what clients send you.\n{}\n",
        identity.to_string().expose_secret()
    ));
    NewKey {
        identity_file,
        recipient,
    }
}

/// Check that `s` is an age public key (`age1…`).
pub fn parse_recipient(s: &str) -> Result<x25519::Recipient, KeyError> {
    x25519::Recipient::from_str(s.trim()).map_err(|_| KeyError::BadRecipient(s.trim().to_string()))
}

/// The identities in an identity file's text (comments and blank lines allowed).
pub fn parse_identities(text: &[u8]) -> Result<Vec<x25519::Identity>, KeyError> {
    let text = std::str::from_utf8(text).map_err(|_| KeyError::NoIdentity)?;
    let ids: Vec<x25519::Identity> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .filter_map(|l| x25519::Identity::from_str(l).ok())
        .collect();
    if ids.is_empty() {
        Err(KeyError::NoIdentity)
    } else {
        Ok(ids)
    }
}

/// The public key that belongs to an identity file, for showing to its owner.
pub fn recipient_of(identity_text: &[u8]) -> Result<String, KeyError> {
    parse_identities(identity_text)?
        .first()
        .map(|i| i.to_public().to_string())
        .ok_or(KeyError::NoIdentity)
}

/// Encrypt `plain` to `recipient`, ASCII-armored so it survives email.
pub fn encrypt_to(recipient: &str, plain: &[u8]) -> Result<Vec<u8>, KeyError> {
    let r = parse_recipient(recipient)?;
    age::encrypt_and_armor(&r, plain)
        .map(String::into_bytes)
        .map_err(|e| KeyError::Encrypt(e.to_string()))
}

/// Whether `bytes` look like an age file (binary or armored).
pub fn is_age(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let b = &bytes[start..];
    b.starts_with(AGE_MAGIC) || b.starts_with(ARMOR_BEGIN)
}

/// Decrypt an age file with the identity file's text; the result is wiped when dropped.
pub fn decrypt_with(identity_text: &[u8], cipher: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    let ids = parse_identities(identity_text)?;
    let identities = ids.iter().map(|i| i as &dyn age::Identity);
    let decryptor = age::Decryptor::new_buffered(age::armor::ArmoredReader::new(cipher))
        .map_err(|_| KeyError::NotAge)?;
    let mut reader = decryptor.decrypt(identities).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => KeyError::NotForThisKey,
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => KeyError::NotAge,
        _ => KeyError::Damaged,
    })?;
    let mut out = Zeroizing::new(Vec::new());
    std::io::Read::read_to_end(&mut reader, &mut out).map_err(|_| KeyError::Damaged)?;
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_opens_what_is_encrypted_to_its_public_key_and_nothing_else() {
        let k = generate();
        assert!(k.recipient.starts_with("age1"));
        assert_eq!(
            recipient_of(k.identity_file.as_bytes()).unwrap(),
            k.recipient
        );
        let c = encrypt_to(&k.recipient, b"my answers").unwrap();
        assert!(is_age(&c));
        assert!(!c.windows(7).any(|w| w == b"answers"));
        let back = decrypt_with(k.identity_file.as_bytes(), &c).unwrap();
        assert_eq!(&back[..], b"my answers");
        let other = generate();
        assert_eq!(
            decrypt_with(other.identity_file.as_bytes(), &c).err(),
            Some(KeyError::NotForThisKey)
        );
        assert_eq!(
            decrypt_with(k.identity_file.as_bytes(), b"{\"json\": 1}").err(),
            Some(KeyError::NotAge)
        );
    }

    #[test]
    fn recipients_are_checked_for_their_form() {
        assert!(parse_recipient(&generate().recipient).is_ok());
        for bad in [
            "",
            "age1",
            "AGE-SECRET-KEY-1ABC",
            "age1qqqq",
            "ssh-ed25519 AAAA",
        ] {
            assert!(parse_recipient(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_identities(b"# only a comment\n").err(),
            Some(KeyError::NoIdentity)
        );
    }
}
