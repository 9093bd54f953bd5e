//! [mockall] mocks of the SDK's traits, for tests that script exact exchanges.

use std::time::Duration;

use unipile_core::client::retry::Sleeper;
use unipile_core::transport::{
    HttpRequest, HttpResponse, StreamingResponse, Transport, TransportError,
};

mockall::mock! {
    /// A mockall mock of [`Transport`]: set expectations on `send` with
    /// `expect_send()`, and on the streamed downloads with `expect_send_streaming()`
    /// (answer with a `StreamingResponse`, such as
    /// `StreamingResponse::from(HttpResponse::new(200, "bytes"))`), as with any mockall
    /// mock.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use unipile_core::transport::{HttpRequest, HttpResponse, Method, Transport};
    /// use unipile_mock::MockTransport;
    ///
    /// // The code under test: takes any transport.
    /// async fn count_chats(transport: Arc<dyn Transport>) -> usize {
    ///     let request = HttpRequest::new(Method::Get, "/chats", "/chats");
    ///     let response = transport.send(request).await.expect("sent");
    ///     let list: serde_json::Value = serde_json::from_slice(&response.body).expect("json");
    ///     list["items"].as_array().map_or(0, Vec::len)
    /// }
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut transport = MockTransport::new();
    /// transport
    ///     .expect_send()
    ///     .withf(|request| request.path == "/chats")
    ///     .times(1)
    ///     .returning(|_| {
    ///         Ok(HttpResponse::new(
    ///             200,
    ///             r#"{"object":"ChatList","items":[{},{}],"cursor":null}"#,
    ///         ))
    ///     });
    /// assert_eq!(count_chats(Arc::new(transport)).await, 2);
    /// # });
    /// ```
    #[derive(Debug)]
    pub Transport {}

    #[async_trait::async_trait]
    impl Transport for Transport {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
        async fn send_streaming(
            &self,
            request: HttpRequest,
        ) -> Result<StreamingResponse, TransportError>;
    }
}

mockall::mock! {
    /// A mockall mock of the retry [`Sleeper`]: expect the waits a client makes
    /// (`expect_sleep().with(eq(Duration::from_secs(2)))`) without sleeping.
    ///
    /// ```
    /// use std::time::Duration;
    /// use mockall::predicate::eq;
    /// use unipile_core::client::retry::Sleeper;
    /// use unipile_mock::MockSleeper;
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut sleeper = MockSleeper::new();
    /// sleeper
    ///     .expect_sleep()
    ///     .with(eq(Duration::from_secs(2)))
    ///     .times(1)
    ///     .returning(|_| ());
    /// sleeper.sleep(Duration::from_secs(2)).await;
    /// # });
    /// ```
    #[derive(Debug)]
    pub Sleeper {}

    #[async_trait::async_trait]
    impl Sleeper for Sleeper {
        async fn sleep(&self, duration: Duration);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unipile_core::transport::{Method, TransportErrorKind};

    #[tokio::test]
    async fn scripted_sequence() {
        let mut transport = MockTransport::new();
        let mut seq = mockall::Sequence::new();
        transport
            .expect_send()
            .times(1)
            .in_sequence(&mut seq)
            .returning(|_| Err(TransportError::new(TransportErrorKind::Timeout, "slow")));
        transport
            .expect_send()
            .times(1)
            .in_sequence(&mut seq)
            .returning(|_| Ok(HttpResponse::new(200, "{}")));
        let request = HttpRequest::new(Method::Get, "/accounts", "/accounts");
        let first = transport.send(request.clone()).await.expect_err("refused");
        assert_eq!(first.kind(), TransportErrorKind::Timeout);
        assert_eq!(transport.send(request).await.expect("ok").status, 200);
    }

    #[tokio::test]
    async fn downloads_go_through_send_streaming() {
        let mut transport = MockTransport::new();
        transport
            .expect_send_streaming()
            .withf(|request| request.headers.get("accept") == Some("*/*"))
            .times(1)
            .returning(|_| {
                Ok(StreamingResponse::from(
                    HttpResponse::new(200, "file bytes").with_header("content-type", "text/plain"),
                ))
            });
        let client = unipile_core::Client::new(transport, "key");
        let download = client.messages().download("m", "a").await.expect("head");
        assert_eq!(download.content_type(), Some("text/plain"));
        let data = download.collect().await.expect("body");
        assert_eq!(&data.data[..], b"file bytes");
    }
}
