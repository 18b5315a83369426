//! MQTT 3.1.1 topic rules (section 4.7), as libmosquitto applies them.

use crate::error::MqttError;

/// Longest topic or filter MQTT can carry (a UTF-8 string with a 16-bit length).
const MAX_TOPIC_LEN: usize = 65535;

/// A topic or filter as given by PHP (any bytes) as text, with libmosquitto's
/// verdict (`mosquitto_validate_utf8()`): not UTF-8, a control character
/// (U+0000-U+001F, U+007F-U+009F) or a non-character is "Malformed UTF-8".
pub fn text(bytes: Vec<u8>) -> Result<String, MqttError> {
    match String::from_utf8(bytes) {
        Ok(text) if is_mqtt_text(&text) => Ok(text),
        _ => Err(MqttError::MalformedUtf8),
    }
}

/// Whether valid UTF-8 `text` holds only what libmosquitto lets through.
pub fn is_mqtt_text(text: &str) -> bool {
    text.chars().all(|c| {
        let code = u32::from(c);
        !(code <= 0x1f || (0x7f..=0x9f).contains(&code) || (0xfdd0..=0xfdef).contains(&code) || code & 0xfffe == 0xfffe)
    })
}

/// A topic a message may be published to: non-empty, no wildcards, no NUL.
pub fn is_valid_topic(topic: &str) -> bool {
    !topic.is_empty() && topic.len() <= MAX_TOPIC_LEN && !topic.contains(['+', '#', '\0'])
}

/// A subscription filter: `+` only as a whole level, `#` only as the whole last level.
pub fn is_valid_filter(filter: &str) -> bool {
    if filter.is_empty() || filter.len() > MAX_TOPIC_LEN || filter.contains('\0') {
        return false;
    }
    let mut levels = filter.split('/').peekable();
    while let Some(level) = levels.next() {
        let is_last = levels.peek().is_none();
        if level.contains('#') && (level != "#" || !is_last) {
            return false;
        }
        if level.contains('+') && level != "+" {
            return false;
        }
    }
    true
}

/// Whether `topic` matches `filter`, as `mosquitto_topic_matches_sub()` decides:
/// an invalid filter or topic never matches, and wildcards at the first level do
/// not match topics that begin with `$` (MQTT 4.7.2).
pub fn topic_matches(filter: &str, topic: &str) -> bool {
    if !is_valid_filter(filter) || !is_valid_topic(topic) {
        return false;
    }
    if topic.starts_with('$') && (filter.starts_with('+') || filter.starts_with('#')) {
        return false;
    }
    let mut topic_levels = topic.split('/');
    for level in filter.split('/') {
        match level {
            "#" => return true,
            "+" => {
                if topic_levels.next().is_none() {
                    return false;
                }
            }
            literal => {
                if topic_levels.next() != Some(literal) {
                    return false;
                }
            }
        }
    }
    topic_levels.next().is_none()
}

/// Splits a topic into its levels; an empty level is `None`, as
/// `mosquitto_sub_topic_tokenise()` gives NULL for it.
pub fn tokenise(topic: &str) -> Vec<Option<&str>> {
    topic.split('/').map(|level| if level.is_empty() { None } else { Some(level) }).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_malformed_utf8() {
        use super::text;
        for bad in ["a\nb", "a\tb", "a\u{7f}b", "a\u{80}b", "a\u{9f}b", "a\u{fffe}b", "a\u{1ffff}b", "a\u{fdd0}b", "a\0b"] {
            assert!(text(bad.as_bytes().to_vec()).is_err(), "{bad:?}");
        }
        for good in ["a\u{a0}b", "a\u{d7ff}b", "task-queue", "\u{1f600}"] {
            assert!(text(good.as_bytes().to_vec()).is_ok(), "{good:?}");
        }
        assert!(text(vec![b'a', 0xff]).is_err());
    }

    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(text(b"a/b".to_vec()), Ok("a/b".to_string()));
        assert_eq!(text(vec![b'a', 0xff]), Err(MqttError::MalformedUtf8));
        assert_eq!(text(b"a\0b".to_vec()), Err(MqttError::MalformedUtf8));
    }

    #[test]
    fn publish_topics() {
        assert!(is_valid_topic("task-queue"));
        assert!(is_valid_topic("/a//b/"));
        assert!(!is_valid_topic(""));
        assert!(!is_valid_topic("a/+/b"));
        assert!(!is_valid_topic("a/#"));
    }

    #[test]
    fn filters() {
        for ok in ["#", "+", "a/+/c", "a/#", "+/+", "/", "$share/g/t/#"] {
            assert!(is_valid_filter(ok), "{ok}");
        }
        for bad in ["", "a/#/b", "a#", "a/b+", "#/a", "a/+b/c"] {
            assert!(!is_valid_filter(bad), "{bad}");
        }
    }

    #[test]
    fn matching() {
        assert!(topic_matches("#", "a/b"));
        assert!(topic_matches("a/#", "a"));
        assert!(topic_matches("a/+/c", "a/b/c"));
        assert!(!topic_matches("a/+/c", "a/b/d"));
        assert!(!topic_matches("a/+", "a/b/c"));
        assert!(!topic_matches("#", "$SYS/x"));
        assert!(topic_matches("$SYS/#", "$SYS/x"));
        assert!(!topic_matches("a/#/b", "a/x/b"));
        assert!(!topic_matches("anything", ""));
        assert!(topic_matches("+/+", "/finance"));
    }

    #[test]
    fn tokenising() {
        assert_eq!(tokenise("/foo/bar"), vec![None, Some("foo"), Some("bar")]);
        assert_eq!(tokenise("a//b/"), vec![Some("a"), None, Some("b"), None]);
        assert_eq!(tokenise(""), vec![None]);
    }
}
