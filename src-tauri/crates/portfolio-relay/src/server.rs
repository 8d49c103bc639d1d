//! The websocket endpoint: the key challenge, then samod's acceptor bound to
//! the authenticated device's did as its peer id.

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use base64::Engine;
use portfolio_sync::auth::{auth_message, Challenge, Hello, Refused, Welcome};
use samod::{AcceptorHandle, PeerId};

use crate::teams::Teams;

const HANDSHAKE: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub(crate) struct AppState {
    pub acceptor: AcceptorHandle,
    pub teams: Teams,
}

pub(crate) fn router(state: AppState) -> Router {
    Router::new().route("/", get(sync)).route("/health", get(|| async { "ok\n" })).with_state(state)
}

async fn sync(State(state): State<AppState>, upgrade: WebSocketUpgrade) -> impl IntoResponse {
    upgrade.max_message_size(256 << 20).on_upgrade(move |socket| async move {
        if let Some((socket, did)) = authenticate(socket, &state.teams).await {
            if let Err(e) = state.acceptor.accept_axum(socket, Some(PeerId::from(did.as_str()))) {
                eprintln!("relay: could not accept {did}: {e:?}");
            }
        }
    })
}

fn nonce() -> String {
    let mut bytes = [0u8; 32];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

async fn send_json<T: serde::Serialize>(socket: &mut WebSocket, value: &T) -> bool {
    match serde_json::to_string(value) {
        Ok(text) => socket.send(Message::Text(text.into())).await.is_ok(),
        Err(_) => false,
    }
}

async fn refuse(mut socket: WebSocket, reason: &str) {
    let _ = send_json(&mut socket, &Refused { lp: "refused/1".into(), reason: reason.into() }).await;
    let _ = socket.send(Message::Close(None)).await;
}

/// Runs the challenge; the socket and the device's did when it passes.
async fn authenticate(mut socket: WebSocket, teams: &Teams) -> Option<(WebSocket, String)> {
    let nonce = nonce();
    if !send_json(&mut socket, &Challenge { lp: "challenge/1".into(), nonce: nonce.clone() }).await {
        return None;
    }
    let text = match tokio::time::timeout(HANDSHAKE, socket.recv()).await {
        Ok(Some(Ok(Message::Text(t)))) => t.to_string(),
        Ok(Some(Ok(Message::Binary(_)))) => {
            refuse(socket, "This relay first asks each device to prove its key; this client does not answer.").await;
            return None;
        }
        _ => return None,
    };
    let hello: Hello = match serde_json::from_str(&text) {
        Ok(h) => h,
        Err(e) => {
            refuse(socket, &format!("The device's answer to the key challenge is not understood: {e}")).await;
            return None;
        }
    };
    if let Err(e) = portfolio_sync::identity::verify(&hello.did, &auth_message(&nonce, &hello.did), &hello.signature) {
        refuse(socket, &format!("The device could not prove its key: {e}")).await;
        return None;
    }
    let manifests = hello.manifests.into_iter().map(|m| teams.publish(m, &hello.did)).collect();
    let claims = hello.claims.into_iter().map(|c| teams.claim(c, &hello.did)).collect();
    let joined = teams.joined_for(&hello.did);
    if !send_json(&mut socket, &Welcome { lp: "welcome/1".into(), manifests, claims, joined }).await {
        return None;
    }
    Some((socket, hello.did))
}
