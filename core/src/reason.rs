//! MQTT 5 reason codes as the numbers on the wire (MQTT 5.0 section 2.4),
//! which is what PHP callbacks get: rumqttc decodes them into enums but keeps
//! its numeric tables private.

use rumqttc::v5::mqttbytes::v5::{ConnectReturnCode, PubAckReason, PubCompReason, PubRecReason, SubscribeReasonCode, UnsubAckReason};

pub(crate) fn connack_code(code: ConnectReturnCode) -> u8 {
    use ConnectReturnCode::*;
    match code {
        Success => 0x00,
        // 3.1.1's return codes, which rumqttc's MQTT 5 enum also carries.
        RefusedProtocolVersion => 0x84,
        BadClientId => 0x85,
        ServiceUnavailable => 0x88,
        UnspecifiedError => 0x80,
        MalformedPacket => 0x81,
        ProtocolError => 0x82,
        ImplementationSpecificError => 0x83,
        UnsupportedProtocolVersion => 0x84,
        ClientIdentifierNotValid => 0x85,
        BadUserNamePassword => 0x86,
        NotAuthorized => 0x87,
        ServerUnavailable => 0x88,
        ServerBusy => 0x89,
        Banned => 0x8A,
        BadAuthenticationMethod => 0x8C,
        TopicNameInvalid => 0x90,
        PacketTooLarge => 0x95,
        QuotaExceeded => 0x97,
        PayloadFormatInvalid => 0x99,
        RetainNotSupported => 0x9A,
        QoSNotSupported => 0x9B,
        UseAnotherServer => 0x9C,
        ServerMoved => 0x9D,
        ConnectionRateExceeded => 0x9F,
    }
}

/// The spec's name for a CONNACK reason code, for exception texts when the
/// broker sent no reason string.
pub(crate) fn connect_reason(code: u8) -> &'static str {
    match code {
        0x80 => "unspecified error",
        0x81 => "malformed packet",
        0x82 => "protocol error",
        0x83 => "implementation specific error",
        0x84 => "unsupported protocol version",
        0x85 => "client identifier not valid",
        0x86 => "bad user name or password",
        0x87 => "not authorized",
        0x88 => "server unavailable",
        0x89 => "server busy",
        0x8A => "banned",
        0x8C => "bad authentication method",
        0x90 => "topic name invalid",
        0x95 => "packet too large",
        0x97 => "quota exceeded",
        0x99 => "payload format invalid",
        0x9A => "retain not supported",
        0x9B => "QoS not supported",
        0x9C => "use another server",
        0x9D => "server moved",
        0x9F => "connection rate exceeded",
        _ => "unknown reason",
    }
}

/// The spec's name for a DISCONNECT reason code, for log lines when the
/// broker sent no reason string.
pub(crate) fn disconnect_reason(code: u8) -> &'static str {
    match code {
        0x00 => "normal disconnection",
        0x80 => "unspecified error",
        0x81 => "malformed packet",
        0x82 => "protocol error",
        0x83 => "implementation specific error",
        0x87 => "not authorized",
        0x89 => "server busy",
        0x8B => "server shutting down",
        0x8D => "keep alive timeout",
        0x8E => "session taken over",
        0x8F => "topic filter invalid",
        0x90 => "topic name invalid",
        0x93 => "receive maximum exceeded",
        0x94 => "topic alias invalid",
        0x95 => "packet too large",
        0x96 => "message rate too high",
        0x97 => "quota exceeded",
        0x98 => "administrative action",
        0x99 => "payload format invalid",
        0x9A => "retain not supported",
        0x9B => "QoS not supported",
        0x9C => "use another server",
        0x9D => "server moved",
        0x9E => "shared subscriptions not supported",
        0x9F => "connection rate exceeded",
        0xA0 => "maximum connect time",
        0xA1 => "subscription identifiers not supported",
        0xA2 => "wildcard subscriptions not supported",
        _ => "unknown reason",
    }
}

pub(crate) fn suback_code(code: SubscribeReasonCode) -> u8 {
    use SubscribeReasonCode::*;
    match code {
        Success(qos) => qos as u8,
        Failure | Unspecified => 0x80,
        ImplementationSpecific => 0x83,
        NotAuthorized => 0x87,
        TopicFilterInvalid => 0x8F,
        PkidInUse => 0x91,
        QuotaExceeded => 0x97,
        SharedSubscriptionsNotSupported => 0x9E,
        SubscriptionIdNotSupported => 0xA1,
        WildcardSubscriptionsNotSupported => 0xA2,
    }
}

pub(crate) fn unsuback_code(code: UnsubAckReason) -> u8 {
    use UnsubAckReason::*;
    match code {
        Success => 0x00,
        NoSubscriptionExisted => 0x11,
        UnspecifiedError => 0x80,
        ImplementationSpecificError => 0x83,
        NotAuthorized => 0x87,
        TopicFilterInvalid => 0x8F,
        PacketIdentifierInUse => 0x91,
    }
}

pub(crate) fn puback_code(code: PubAckReason) -> u8 {
    use PubAckReason::*;
    match code {
        Success => 0x00,
        NoMatchingSubscribers => 0x10,
        UnspecifiedError => 0x80,
        ImplementationSpecificError => 0x83,
        NotAuthorized => 0x87,
        TopicNameInvalid => 0x90,
        PacketIdentifierInUse => 0x91,
        QuotaExceeded => 0x97,
        PayloadFormatInvalid => 0x99,
    }
}

pub(crate) fn pubrec_code(code: PubRecReason) -> u8 {
    use PubRecReason::*;
    match code {
        Success => 0x00,
        NoMatchingSubscribers => 0x10,
        UnspecifiedError => 0x80,
        ImplementationSpecificError => 0x83,
        NotAuthorized => 0x87,
        TopicNameInvalid => 0x90,
        PacketIdentifierInUse => 0x91,
        QuotaExceeded => 0x97,
        PayloadFormatInvalid => 0x99,
    }
}

pub(crate) fn pubcomp_code(code: PubCompReason) -> u8 {
    match code {
        PubCompReason::Success => 0x00,
        PubCompReason::PacketIdentifierNotFound => 0x92,
    }
}
