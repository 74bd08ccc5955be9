package dev.specter.metric.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Lets the AWS SDK's CloudWatch client talk to {@code moto_server}.
 *
 * <p>Since 2.40.6 the Java SDK's CloudWatch client speaks only Smithy RPC v2 CBOR
 * ({@code POST /service/GraniteServiceVersion20100801/operation/<Op>}, {@code application/cbor}), with
 * no switch back; moto 5.x serves CloudWatch over the AWS Query and AWS JSON 1.0 protocols only and
 * answers the CBOR path with a 404. The two protocols carry the same shapes with the same member
 * names, so this loopback proxy re-encodes each request body from CBOR to JSON, sends it to moto as
 * JSON 1.0 ({@code X-Amz-Target: GraniteServiceVersion20100801.<Op>}), and re-encodes the answer (and
 * errors: {@code __type}, {@code x-amzn-query-error}) back to CBOR; gzipped request bodies (the SDK
 * compresses large PutMetricData calls) are unzipped on the way. Timestamps are epoch seconds in
 * both; the CBOR tag 1 the SDK puts on them is dropped on the way in and not added on the way out
 * (the SDK accepts an untagged number). Everything else, storage, aggregation, filtering and
 * paging, is moto's own.
 *
 * <p>It can also fail the next requests with a given status and error code, to test how the client
 * retries and how the source reports service errors.
 */
final class RpcV2CborBridge implements AutoCloseable {
    static final String TARGET_PREFIX = "GraniteServiceVersion20100801";
    private static final Pattern PATH = Pattern.compile("/service/" + TARGET_PREFIX + "/operation/([A-Za-z]+)");
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private record Fault(int status, String code, String message) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http;
    private final URI target;
    private final URI endpoint;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;
    /** Opened by {@link #reset()}: requests held by the delay then go on at once. */
    private final AtomicReference<CountDownLatch> held = new AtomicReference<>(new CountDownLatch(1));

    private RpcV2CborBridge(URI target) throws IOException {
        this.target = target;
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A bridge on a free loopback port that forwards to moto at {@code target}. */
    static RpcV2CborBridge start(URI target) throws IOException {
        return new RpcV2CborBridge(target);
    }

    URI endpoint() {
        return endpoint;
    }

    /** The next {@code times} requests are answered with this error instead of being forwarded. */
    void failNext(int times, int status, String code, String message) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(status, code, message));
        }
    }

    /** Every request is held this long before it is answered (zero: none). */
    void delay(Duration delay) {
        this.delay = delay;
    }

    /** Clears faults and the delay, lets held requests go on, and restarts the count of requests in flight at once. */
    void reset() {
        faults.clear();
        delay = Duration.ZERO;
        held.getAndSet(new CountDownLatch(1)).countDown();
        maxInFlight.set(inFlight.get());
    }

    /** Requests being answered now. */
    int inFlight() {
        return inFlight.get();
    }

    /** The most requests in flight at once since the last {@link #reset()}. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** How many requests for {@code operation} reached the bridge (failed ones included). */
    int calls(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                send(exchange, 404, "text/plain", "not a CloudWatch RPC v2 request".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String operation = m.group(1);
            calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                forward(exchange, operation);
            } catch (IOException | RuntimeException e) {
                // the client sees the connection closed without an answer; say why
                System.err.println("RpcV2CborBridge: " + operation + " failed: " + e);
                throw e;
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void forward(HttpExchange exchange, String operation) throws IOException {
        byte[] cbor = exchange.getRequestBody().readAllBytes();
        // the SDK gzips PutMetricData bodies over 10 KB (CloudWatch's request compression)
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(cbor))) {
                cbor = in.readAllBytes();
            }
        }
        Duration hold = delay;
        if (!hold.isZero()) {
            try {
                held.get().await(hold.toMillis(), TimeUnit.MILLISECONDS); // the simulated latency, cut short by reset()
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }

        Fault fault = faults.poll();
        if (fault != null) {
            String json = "{\"__type\":\"" + TARGET_PREFIX + "#" + fault.code() + "\",\"message\":\""
                    + fault.message() + "\"}";
            exchange.getResponseHeaders().add("x-amzn-query-error",
                    fault.code() + ";" + (fault.status() >= 500 ? "Receiver" : "Sender"));
            sendCbor(exchange, fault.status(), jsonToCbor(json.getBytes(StandardCharsets.UTF_8)));
            return;
        }

        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve("/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", TARGET_PREFIX + "." + operation)
                .POST(HttpRequest.BodyPublishers.ofByteArray(cbor.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8)
                        : cborToJson(cbor)));
        // moto tells services and regions apart by the signature's credential scope
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            forward.header("Authorization", authorization);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "text/plain", "interrupted".getBytes(StandardCharsets.UTF_8));
            return;
        }
        answer.headers().firstValue("x-amzn-requestid")
                .ifPresent(v -> exchange.getResponseHeaders().add("x-amzn-requestid", v));
        answer.headers().firstValue("x-amzn-query-error")
                .ifPresent(v -> exchange.getResponseHeaders().add("x-amzn-query-error", v));
        byte[] body = answer.body();
        byte[] converted;
        try {
            converted = jsonToCbor(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
        } catch (IOException notJson) {
            // moto's own crashes answer an HTML page: pass it on as it is
            send(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("text/html"), body);
            return;
        }
        sendCbor(exchange, answer.statusCode(), converted);
    }

    private static void sendCbor(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
        send(exchange, status, "application/cbor", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    static byte[] cborToJson(byte[] cbor) throws IOException {
        return transcode(CBOR, cbor, JSON);
    }

    static byte[] jsonToCbor(byte[] json) throws IOException {
        return transcode(JSON, json, CBOR);
    }

    private static byte[] transcode(JsonFactory from, byte[] in, JsonFactory to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 2 + 16);
        try (JsonParser p = from.createParser(in); JsonGenerator g = to.createGenerator(out)) {
            if (p.nextToken() == null) {
                g.writeStartObject();
                g.writeEndObject();
            } else {
                g.copyCurrentStructure(p);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
        executor.shutdownNow();
    }
}
