//! The contract suite against the fake served over loopback HTTP, through a minimal
//! hyper transport defined here. A runner for `unipile-http` is the same ten lines with
//! that crate's transport on `server.base_url()`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use unipile_core::transport::{
    Body, HeaderValue, Headers, HttpRequest, HttpResponse, Transport, TransportError,
    TransportErrorKind,
};
use unipile_mock::{API_PREFIX, FakeUnipile, contract, serve};

/// HTTP/1.1 over one fresh loopback connection per request.
#[derive(Debug)]
struct LoopbackTransport {
    addr: SocketAddr,
}

#[async_trait::async_trait]
impl Transport for LoopbackTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let io = |kind| move |e: &dyn std::fmt::Display| TransportError::new(kind, e.to_string());
        let stream = tokio::net::TcpStream::connect(self.addr)
            .await
            .map_err(|e| io(TransportErrorKind::Connect)(&e))?;
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| io(TransportErrorKind::Connect)(&e))?;
        tokio::spawn(conn);
        let mut builder = hyper::Request::builder()
            .method(request.method.as_str())
            .uri(format!("{API_PREFIX}{}", request.path_and_query()))
            .header("host", self.addr.to_string());
        for (name, value) in request.headers.iter() {
            builder = builder.header(name, value.as_str());
        }
        let body = match &request.body {
            Body::Empty => bytes::Bytes::new(),
            Body::Json(json) => {
                builder = builder.header("content-type", "application/json");
                json.clone()
            }
            Body::Multipart(form) => {
                let boundary = form.boundary();
                builder = builder.header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                );
                form.encode(&boundary)
            }
        };
        let http = builder
            .body(Full::new(body))
            .map_err(|e| io(TransportErrorKind::Other)(&e))?;
        let response = sender
            .send_request(http)
            .await
            .map_err(|e| io(TransportErrorKind::Io)(&e))?;
        let status = response.status().as_u16();
        let mut headers = Headers::new();
        for (name, value) in response.headers() {
            if let Ok(value) = value.to_str() {
                headers.append(name.as_str(), HeaderValue::new(value));
            }
        }
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| io(TransportErrorKind::Io)(&e))?
            .to_bytes();
        let mut out = HttpResponse::new(status, body);
        out.headers = headers;
        Ok(out)
    }
}

#[tokio::test]
async fn contract_over_loopback_http() {
    let fake = FakeUnipile::builder().seed(2025).build();
    let server = serve(fake.clone(), "127.0.0.1:0").await.expect("bound");
    let transport = Arc::new(LoopbackTransport {
        addr: server.addr(),
    });
    let target = contract::Target::new(fake, transport);
    tokio::time::timeout(Duration::from_secs(60), contract::run_all(&target))
        .await
        .expect("the suite finishes");
    server.shutdown().await;
}
