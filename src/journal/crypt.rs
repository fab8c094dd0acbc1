//! Passphrase encryption in the age format, so every file stays readable with
//! the standard `age` tool and nobody is locked in by reflect.
//!
//! One X25519 identity per journal. Its secret key, written as a standard age
//! identity file, is itself encrypted with the passphrase (age's scrypt
//! recipient, ASCII-armored) as `identity.age`. Every reflection and the index
//! are encrypted to that identity's public key. Unlocking costs one scrypt;
//! each file after that costs one X25519 agreement, which is cheap.
//!
//! By hand, with the `age` command-line tool:
//!
//! ```sh
//! age -d -o identity.txt identity.age          # asks for the passphrase
//! age -d -i identity.txt reflections/ID.json.age
//! ```

use std::fmt;
use std::io::Read;
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use zeroize::Zeroizing;

/// The passphrase-encrypted identity, in the data directory.
pub const IDENTITY_FILE: &str = "identity.age";
/// What an encrypted file's name ends with (after its plain name).
pub const AGE_SUFFIX: &str = ".age";

/// scrypt's work factor (N = 2^log_n) for the passphrase. age's own default
/// aims at about a second on the machine that writes it; this is a little
/// lighter so that opening a journal stays quick, and still far beyond
/// what makes guessing a passphrase practical at scale. The `age` tool reads
/// any factor up to its own limit.
pub const DEFAULT_WORK_FACTOR: u8 = 18;
/// The largest work factor accepted when unlocking (2^20 needs 1 GiB of memory),
/// so an identity re-wrapped by the `age` tool on a fast machine still opens.
const MAX_WORK_FACTOR: u8 = 20;

#[derive(Debug, thiserror::Error)]
pub enum CryptError {
    #[error("that passphrase does not unlock this journal")]
    WrongPassphrase,
    #[error("{0}")]
    Decrypt(String),
    #[error("{0}")]
    Encrypt(String),
}

/// The journal's unlocked key: the identity and its public recipient.
#[derive(Clone)]
pub struct Key {
    identity: x25519::Identity,
    recipient: x25519::Recipient,
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the secret; the public key is harmless and useful.
        write!(f, "Key({})", self.recipient)
    }
}

impl Key {
    /// A new random key for a journal being locked.
    pub fn generate() -> Key {
        let identity = x25519::Identity::generate();
        let recipient = identity.to_public();
        Key {
            identity,
            recipient,
        }
    }

    /// The public key (`age1…`) files are encrypted to.
    pub fn recipient(&self) -> String {
        self.recipient.to_string()
    }

    /// Encrypt `plain` to this journal's key (binary age format).
    pub fn encrypt(&self, plain: &[u8]) -> Result<Vec<u8>, CryptError> {
        age::encrypt(&self.recipient, plain).map_err(|e| CryptError::Encrypt(e.to_string()))
    }

    /// Decrypt a file written by [`Key::encrypt`] (or by `age -r`, binary or armored).
    /// The plaintext is wiped from memory when dropped.
    pub fn decrypt(&self, cipher: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptError> {
        age::decrypt(&self.identity, cipher)
            .map(Zeroizing::new)
            .map_err(|e| CryptError::Decrypt(describe_decrypt(&e)))
    }

    /// The contents of `identity.age`: the identity in the standard age
    /// identity-file format, encrypted (armored) with `passphrase`.
    pub fn wrap(&self, passphrase: &SecretString, work_factor: u8) -> Result<Vec<u8>, CryptError> {
        let text = Zeroizing::new(format!(
            "# reflect journal key; decrypt files with: age -d -i THIS_FILE FILE.age\n# public key: {}\n{}\n",
            self.recipient,
            self.identity.to_string().expose_secret()
        ));
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(work_factor.clamp(1, MAX_WORK_FACTOR));
        age::encrypt_and_armor(&recipient, text.as_bytes())
            .map(String::into_bytes)
            .map_err(|e| CryptError::Encrypt(e.to_string()))
    }

    /// Open `identity.age` with `passphrase`: the one scrypt of an unlock.
    pub fn unwrap(wrapped: &[u8], passphrase: &SecretString) -> Result<Key, CryptError> {
        let mut id = age::scrypt::Identity::new(passphrase.clone());
        id.set_max_work_factor(MAX_WORK_FACTOR);
        let text = match age::decrypt(&id, wrapped) {
            Ok(t) => Zeroizing::new(t),
            Err(age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys) => {
                return Err(CryptError::WrongPassphrase);
            }
            Err(e) => return Err(CryptError::Decrypt(describe_decrypt(&e))),
        };
        Key::from_identity_file(&text)
    }

    /// The key from an age identity file's text (comments allowed).
    pub fn from_identity_file(text: &[u8]) -> Result<Key, CryptError> {
        let bad = || CryptError::Decrypt("identity.age does not hold an age identity".into());
        let text = std::str::from_utf8(text).map_err(|_| bad())?;
        let line = text
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .ok_or_else(bad)?;
        let identity = x25519::Identity::from_str(line).map_err(|_| bad())?;
        let recipient = identity.to_public();
        Ok(Key {
            identity,
            recipient,
        })
    }
}

/// Read all of `r` into memory that is wiped when dropped.
pub fn read_secret(mut r: impl Read) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    r.read_to_end(&mut buf)?;
    Ok(buf)
}

/// A passphrase from the first line of a file's text (trailing newline
/// removed); `None` if that line is not UTF-8. It is never read lossily: two
/// different byte strings must never open the same journal, and `age` could
/// not be given such a passphrase anyway.
pub fn passphrase_from_text(text: &[u8]) -> Option<SecretString> {
    let first = text.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    std::str::from_utf8(first)
        .ok()
        .map(|s| SecretString::from(s.to_owned()))
}

fn describe_decrypt(e: &age::DecryptError) -> String {
    match e {
        age::DecryptError::ExcessiveWork { required, .. } => format!(
            "its passphrase uses a scrypt work factor of {required}, more than reflect accepts ({MAX_WORK_FACTOR})"
        ),
        age::DecryptError::NoMatchingKeys => {
            "it was encrypted with a different key than this journal's".into()
        }
        age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat => {
            "it is not an age file".into()
        }
        _ => "it is damaged and could not be decrypted".into(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn pass(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn files_round_trip_and_the_identity_wraps_with_a_passphrase() {
        let key = Key::generate();
        let c = key.encrypt(b"secret words").unwrap();
        assert!(!c.windows(6).any(|w| w == b"secret"));
        assert_eq!(&key.decrypt(&c).unwrap()[..], b"secret words");
        let wrapped = key.wrap(&pass("correct horse"), 10).unwrap();
        assert!(wrapped.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
        let back = Key::unwrap(&wrapped, &pass("correct horse")).unwrap();
        assert_eq!(back.recipient(), key.recipient());
        assert_eq!(&back.decrypt(&c).unwrap()[..], b"secret words");
        assert!(matches!(
            Key::unwrap(&wrapped, &pass("wrong")),
            Err(CryptError::WrongPassphrase)
        ));
        // Another journal's key cannot read it.
        assert!(Key::generate().decrypt(&c).is_err());
    }

    #[test]
    fn a_passphrase_file_gives_its_first_line() {
        use age::secrecy::ExposeSecret;
        let p = passphrase_from_text(b"open sesame\r\nsecond line\n").unwrap();
        assert_eq!(p.expose_secret(), "open sesame");
        assert_eq!(passphrase_from_text(b"x").unwrap().expose_secret(), "x");
        // Never lossy: these two would both have become "secret\u{FFFD}\u{FFFD}".
        assert!(passphrase_from_text(b"secret\xff\xfe").is_none());
        assert!(passphrase_from_text(b"secret\x80\x81\n").is_none());
    }
}
