//! Opening one connection (I/O thread): resolve the host, try its addresses
//! in turn, TCP (bound to the chosen local address if any), OpenSSL on top
//! when TLS is on, then CONNECT and the broker's CONNACK.
//!
//! Nothing here blocks the I/O thread, which every session shares: the host
//! is resolved on tokio's blocking pool (`lookup_host`), TCP and the TLS
//! handshake are non-blocking, and the TLS context (CA file, client
//! certificate and key) was built on the PHP thread. Only a CA directory is
//! read during the handshake: OpenSSL's hashed lookup opens the one file it
//! needs, a local read.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::BytesMut;
use openssl::ssl::{ErrorCode, SslContext};
use openssl::x509::X509VerifyResult;
use rumqttc::mqttbytes::v4;
use rumqttc::v5::mqttbytes::v5::{self as v5, ConnAck, ConnectProperties};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpSocket, TcpStream};
use tokio_openssl::SslStream;

use crate::brokers::Broker;
use crate::error::MqttError;
use crate::options::{SessionOptions, MAX_PACKET_SIZE};
use crate::qos_from_u8;
use crate::reason;

/// The byte stream under MQTT: plain TCP or OpenSSL over it.
pub(crate) enum Stream {
    Plain(TcpStream),
    Tls(Box<SslStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_read(cx, buf),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_write(cx, buf),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_flush(cx),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(tcp) => Pin::new(tcp).poll_shutdown(cx),
            Stream::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}

/// A connection the broker accepted, with what it sent after its CONNACK.
pub(crate) struct Connection {
    pub(crate) stream: Stream,
    pub(crate) received: BytesMut,
    /// The broker's CONNACK (on 3.1.1, as MQTT 5's without properties).
    pub(crate) connack: ConnAck,
    /// The broker address that answered, for `onLog`.
    pub(crate) peer: SocketAddr,
}

/// Tries the brokers in turn, beginning with `brokers[first]`, until one
/// accepts us; each gets the whole connect timeout. Returns the connection
/// and the index of the broker that answered, or every broker's reason.
pub(crate) async fn open_any(
    options: &SessionOptions,
    tls: Option<&SslContext>,
    brokers: &[Broker],
    first: usize,
) -> Result<(Connection, usize), MqttError> {
    let mut failures = Vec::new();
    for offset in 0..brokers.len() {
        let index = (first + offset) % brokers.len();
        let broker = &brokers[index];
        match open(options, tls, broker).await {
            Ok(connection) => return Ok((connection, index)),
            Err(error) => failures.push((broker.clone(), error)),
        }
    }
    Err(crate::brokers::all_failed(failures))
}

/// Opens a connection to one broker within the options' connect timeout.
pub(crate) async fn open(options: &SessionOptions, tls: Option<&SslContext>, broker: &Broker) -> Result<Connection, MqttError> {
    match tokio::time::timeout(options.connect_timeout, open_now(options, tls, broker)).await {
        Ok(result) => result,
        Err(_) => Err(MqttError::Timeout { address: broker.to_string() }),
    }
}

async fn open_now(options: &SessionOptions, tls: Option<&SslContext>, broker: &Broker) -> Result<Connection, MqttError> {
    let (tcp, peer) = tcp_connect(options, broker).await?;
    let stream = match (tls, &options.tls) {
        (Some(context), Some(tls_options)) => {
            let ssl = tls_options.session(context, &broker.host)?;
            let mut stream = SslStream::new(ssl, tcp).map_err(|e| MqttError::Tls(e.to_string()))?;
            if let Err(error) = Pin::new(&mut stream).connect().await {
                return Err(handshake_error(&error, stream.ssl().verify_result(), broker));
            }
            Stream::Tls(Box::new(stream))
        }
        _ => Stream::Plain(tcp),
    };
    handshake(stream, options, broker, peer).await
}

/// Every address the host resolves to, in the resolver's order, until one answers.
async fn tcp_connect(options: &SessionOptions, broker: &Broker) -> Result<(TcpStream, SocketAddr), MqttError> {
    let lookup = tokio::net::lookup_host((broker.host.as_str(), broker.port)).await;
    let addresses: Vec<SocketAddr> = match lookup {
        Ok(found) => found.collect(),
        Err(_) => Vec::new(),
    };
    if addresses.is_empty() {
        return Err(MqttError::Lookup { host: broker.host.clone() });
    }
    let mut last_error = None;
    for address in addresses {
        match tcp_connect_to(address, options).await {
            Ok(stream) => return Ok((stream, address)),
            Err(error) => last_error = Some(error),
        }
    }
    let error = last_error.unwrap_or_else(|| io::Error::from(io::ErrorKind::NotFound));
    Err(io_error(&error, broker))
}

async fn tcp_connect_to(address: SocketAddr, options: &SessionOptions) -> io::Result<TcpStream> {
    let socket = if address.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    if let Some(local) = options.bind_address {
        // `connect()`'s `$interface`, as libmosquitto binds it.
        if local.is_ipv4() == address.is_ipv4() {
            socket.bind(SocketAddr::new(local, 0))?;
        }
    }
    let stream = socket.connect(address).await?;
    // Small packets (acks, replies) must not wait for Nagle's algorithm.
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// CONNECT, then the CONNACK (and whatever the broker sent right after it).
async fn handshake(mut stream: Stream, options: &SessionOptions, broker: &Broker, peer: SocketAddr) -> Result<Connection, MqttError> {
    let mut out = BytesMut::new();
    let written = if options.protocol_version == 5 {
        connect_v5(options).write(&mut out, None).map_err(|e| e.to_string())
    } else {
        connect_v4(options).write(&mut out, MAX_PACKET_SIZE).map_err(|e| e.to_string())
    };
    written.map_err(MqttError::Protocol)?;
    // Over TLS, a broker that refuses our certificate says so only now (TLS
    // 1.3 finishes the handshake before the server checks the client).
    let tls = matches!(stream, Stream::Tls(_));
    let lost = |e: io::Error| if tls { tls_io_error(&e, broker) } else { io_error(&e, broker) };
    stream.write_all(&out).await.map_err(lost)?;
    let sent = std::time::Instant::now();

    let mut received = BytesMut::with_capacity(4096);
    loop {
        match read_connack(options.protocol_version, &mut received) {
            Ok(Some(connack)) => return Ok(Connection { stream, received, connack, peer }),
            Ok(None) => {}
            Err(error) => return Err(error),
        }
        match stream.read_buf(&mut received).await {
            Ok(0) => return Err(closed_before_connack(&stream, &received, broker, sent.elapsed())),
            Ok(_) => {}
            Err(error) if !tls && error.kind() == io::ErrorKind::ConnectionReset => {
                return Err(closed_before_connack(&stream, &received, broker, sent.elapsed()));
            }
            Err(error) => return Err(lost(error)),
        }
    }
}

fn connect_v4(options: &SessionOptions) -> v4::Packet {
    let mut connect = v4::Connect::new(options.client_id.clone());
    connect.keep_alive = options.keepalive;
    connect.clean_session = options.clean_session;
    if let Some((user, password)) = &options.credentials {
        connect.set_login(user.clone(), password.clone());
    }
    if let Some(will) = &options.will {
        let qos = crate::io::wire::qos_to_v4(qos_from_u8(will.qos));
        connect.last_will = Some(v4::LastWill::new(will.topic.clone(), will.payload.clone(), qos, will.retain));
    }
    v4::Packet::Connect(connect)
}

fn connect_v5(options: &SessionOptions) -> v5::Packet {
    let settings = &options.mqtt5;
    // A persistent session meant "kept until the client comes back" on
    // 3.1.1; on MQTT 5 it needs a session expiry for that, else it ends
    // with the connection.
    let session_expiry = settings.session_expiry_interval.or((!options.clean_session).then_some(u32::MAX));
    let properties = ConnectProperties {
        session_expiry_interval: session_expiry,
        receive_maximum: settings.receive_maximum,
        max_packet_size: settings.maximum_packet_size,
        topic_alias_max: settings.topic_alias_maximum,
        request_response_info: None,
        request_problem_info: settings.request_problem_information.map(u8::from),
        user_properties: Vec::new(),
        authentication_method: None,
        authentication_data: None,
    };
    let connect = v5::Connect {
        keep_alive: options.keepalive,
        client_id: options.client_id.clone(),
        clean_start: options.clean_session,
        properties: (properties != ConnectProperties::new()).then_some(properties),
    };
    let will = options.will.as_ref().map(|will| {
        let mut last_will = v5::LastWill::new(will.topic.clone(), will.payload.clone(), qos_from_u8(will.qos), will.retain, None);
        last_will.properties = will.properties.clone();
        last_will
    });
    let login = options.credentials.as_ref().map(|(user, password)| v5::Login::new(user.clone(), password.clone()));
    v5::Packet::Connect(connect, will, login)
}

/// The CONNACK, once all of it is in `received`; a refusal as its error.
fn read_connack(protocol_version: u8, received: &mut BytesMut) -> Result<Option<ConnAck>, MqttError> {
    if protocol_version == 5 {
        use rumqttc::v5::mqttbytes::Error;
        return match v5::Packet::read(received, None) {
            Ok(v5::Packet::ConnAck(connack)) if connack.code == v5::ConnectReturnCode::Success => Ok(Some(connack)),
            Ok(v5::Packet::ConnAck(connack)) => Err(MqttError::Refused {
                code: reason::connack_code(connack.code),
                reason: connack.properties.and_then(|p| p.reason_string),
            }),
            Ok(other) => Err(MqttError::Protocol(format!("expected CONNACK, received {other:?}"))),
            Err(Error::InsufficientBytes(_)) => Ok(None),
            Err(error) => Err(MqttError::Protocol(error.to_string())),
        };
    }
    match v4::Packet::read(received, MAX_PACKET_SIZE) {
        Ok(v4::Packet::ConnAck(v4::ConnAck { code: v4::ConnectReturnCode::Success, session_present })) => {
            Ok(Some(ConnAck { session_present, code: v5::ConnectReturnCode::Success, properties: None }))
        }
        Ok(v4::Packet::ConnAck(v4::ConnAck { code, .. })) => Err(MqttError::ConnackRefused(code as u8)),
        Ok(other) => Err(MqttError::Protocol(format!("expected CONNACK, received {other:?}"))),
        Err(rumqttc::mqttbytes::Error::InsufficientBytes(_)) => Ok(None),
        Err(error) => Err(MqttError::Protocol(error.to_string())),
    }
}

/// The peer hung up on (or reset) our CONNECT. A plain MQTT client at a TLS
/// port sees exactly this before any byte comes back (mosquitto drops what is
/// not a TLS hello), so say so there; elsewhere it is a broker that refused us
/// without a CONNACK. A TLS port drops the plain CONNECT at once; a broker that
/// held the CONNECT for a while first (NATS while JetStream recovers) gets no
/// TLS hint, but how long it held it.
fn closed_before_connack(stream: &Stream, received: &BytesMut, broker: &Broker, held: std::time::Duration) -> MqttError {
    let address = broker.to_string();
    let plain = matches!(stream, Stream::Plain(_));
    if !plain {
        return MqttError::Tls(format!("the broker closed the connection before CONNACK, {address}"));
    }
    let message = if held >= std::time::Duration::from_secs(1) {
        format!("Connection closed before CONNACK, after {:.1} s", held.as_secs_f64())
    } else if received.is_empty() {
        "Connection closed before CONNACK; does this port expect TLS?".to_string()
    } else {
        "Connection closed before CONNACK".to_string()
    };
    MqttError::Io { message, address }
}

fn handshake_error(error: &openssl::ssl::Error, verify: X509VerifyResult, broker: &Broker) -> MqttError {
    let address = broker.to_string();
    if verify != X509VerifyResult::OK {
        return MqttError::Tls(format!("certificate verify failed: {}, {address}", verify.error_string()));
    }
    match (error.code(), error.ssl_error()) {
        (_, Some(stack)) => MqttError::Tls(format!("{}, {address}", crate::tls::reasons(stack))),
        // The peer broke off (or sent something that is not TLS).
        (ErrorCode::SYSCALL | ErrorCode::ZERO_RETURN, None) => {
            MqttError::TlsHandshake(format!("the peer closed the connection, {address}"))
        }
        _ => MqttError::TlsHandshake(format!("{error}, {address}")),
    }
}

/// A read or write over TLS that failed: OpenSSL's reason where it has one
/// (an alert from the broker), else what the socket said.
fn tls_io_error(error: &io::Error, broker: &Broker) -> MqttError {
    let address = broker.to_string();
    let detail = match error.get_ref().and_then(|inner| inner.downcast_ref::<openssl::ssl::Error>()) {
        Some(ssl) => match ssl.ssl_error() {
            Some(stack) => crate::tls::reasons(stack),
            None => ssl.to_string(),
        },
        None => {
            let text = error.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    };
    MqttError::Tls(format!("{detail}, {address}"))
}

/// A failed connect, in the words a PHP user should read.
pub(crate) fn io_error(error: &io::Error, broker: &Broker) -> MqttError {
    let text = error.to_string();
    let message = match error.kind() {
        io::ErrorKind::ConnectionRefused => "Connection refused".to_string(),
        _ => text.split(" (os error").next().unwrap_or(&text).to_string(),
    };
    MqttError::Io { message, address: broker.to_string() }
}
