package org.entente.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP for tests that talk to a running node. */
public final class Http {

    private Http() {
    }

    /**
     * Sends {@code request} with {@code http} and reads the body as text; an I/O failure fails the test
     * unchecked, and an interrupt is kept on the thread.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
