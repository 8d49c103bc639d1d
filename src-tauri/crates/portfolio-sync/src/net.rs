//! The websocket dialer: plain (stock relay) or with the key challenge of
//! [`crate::auth`] (the project's relay), reconnecting through samod.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::{SinkExt, StreamExt};
use samod::{DialError, Dialer, Transport, Url};
use tokio_tungstenite::tungstenite::Message;

use crate::auth::{auth_message, Challenge, Hello, Refused, Welcome};
use crate::identity::DeviceIdentity;
use crate::invite::InviteClaim;
use crate::team::SignedManifest;

/// The relay refused this device (not retried).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct RelayRefused(pub String);

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Transient(String);

/// What the dialer tells its link: the last handshake answer and failure.
#[derive(Default)]
pub(crate) struct DialerShared {
    pub welcome: Option<Welcome>,
    pub last_error: Option<String>,
}

pub(crate) struct RelayDialer {
    pub url: Url,
    pub identity: Option<DeviceIdentity>,
    pub manifests: Arc<Mutex<Vec<SignedManifest>>>,
    pub claims: Vec<InviteClaim>,
    pub shared: Arc<Mutex<DialerShared>>,
}

const HANDSHAKE: Duration = Duration::from_secs(10);

impl Dialer for RelayDialer {
    type Error = RelayRefused;

    fn url(&self) -> Url {
        self.url.clone()
    }

    fn connect(&self) -> BoxFuture<'static, Result<Transport, DialError<RelayRefused>>> {
        let url = self.url.clone();
        let identity = self.identity.clone();
        let manifests = self.manifests.lock().map(|m| m.clone()).unwrap_or_default();
        let shared = self.shared.clone();
        let claims = self.claims.clone();
        Box::pin(async move {
            let result = dial(url, identity, manifests, claims, &shared).await;
            if let (Err(e), Ok(mut s)) = (&result, shared.lock()) {
                s.last_error = Some(match e {
                    DialError::PermanentFailure(r) => r.0.clone(),
                    DialError::TransientFailure(t) => t.to_string(),
                });
            }
            result
        })
    }
}

async fn dial(
    url: Url,
    identity: Option<DeviceIdentity>,
    manifests: Vec<SignedManifest>,
    claims: Vec<InviteClaim>,
    shared: &Mutex<DialerShared>,
) -> Result<Transport, DialError<RelayRefused>> {
    let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await.map_err(DialError::transient)?;
    if let Some(id) = identity {
        let challenge: Challenge = read_json(&mut ws).await?;
        let did = id.did();
        let hello = Hello {
            lp: "hello/1".into(),
            signature: id.sign(&auth_message(&challenge.nonce, &did)),
            did,
            manifests,
            claims,
        };
        let text = serde_json::to_string(&hello).map_err(DialError::transient)?;
        ws.send(Message::Text(text.into())).await.map_err(DialError::transient)?;
        let reply: serde_json::Value = read_json(&mut ws).await?;
        if reply["lp"] == "refused/1" {
            let r: Refused = serde_json::from_value(reply).map_err(DialError::transient)?;
            return Err(DialError::PermanentFailure(RelayRefused(r.reason)));
        }
        let welcome: Welcome = serde_json::from_value(reply).map_err(DialError::transient)?;
        if let Ok(mut s) = shared.lock() {
            s.welcome = Some(welcome);
        }
    }
    Ok(to_transport(ws))
}

type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn read_json<T: serde::de::DeserializeOwned>(ws: &mut Ws) -> Result<T, DialError<RelayRefused>> {
    let next = tokio::time::timeout(HANDSHAKE, async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(t))) => return Ok(t.to_string()),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                Some(Ok(other)) => {
                    return Err(format!("the relay sent {other:?} instead of its key challenge; is it a plain relay?"))
                }
                Some(Err(e)) => return Err(e.to_string()),
                None => return Err("the relay closed the connection during the key challenge".into()),
            }
        }
    })
    .await
    .map_err(|_| DialError::transient(Transient("the relay did not answer the key challenge in time".into())))?;
    let text = next.map_err(|e| DialError::transient(Transient(e)))?;
    serde_json::from_str(&text).map_err(|e| DialError::transient(Transient(format!("unexpected relay message: {e}"))))
}

fn to_transport(ws: Ws) -> Transport {
    let (sink, stream) = ws.split();
    let stream = stream
        .filter_map(|m| async move {
            match m {
                Ok(Message::Binary(b)) => Some(Ok(b.to_vec())),
                Ok(Message::Close(_)) => None,
                Ok(Message::Text(_)) => Some(Err(Transient("unexpected text message during sync".into()))),
                Ok(_) => None,
                Err(e) => Some(Err(Transient(e.to_string()))),
            }
        })
        .boxed();
    let sink = sink
        .sink_map_err(|e| Transient(e.to_string()))
        .with(|b: Vec<u8>| futures::future::ready(Ok::<_, Transient>(Message::Binary(b.into()))));
    Transport::new(stream, sink)
}
