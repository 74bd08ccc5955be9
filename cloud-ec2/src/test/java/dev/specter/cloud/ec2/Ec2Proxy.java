package dev.specter.cloud.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of an EC2-compatible endpoint (moto_server in the tests): it counts
 * the calls by EC2 action and by the access key that signed them, and fails chosen calls the ways a
 * real cloud does, with EC2's XML error answers, a lost reply after the cloud acted, or a dropped
 * connection.
 */
public final class Ec2Proxy implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade", "keep-alive");

    /** What to do to the next calls of an action. */
    private sealed interface Fault {
    }

    private record ErrorAnswer(int status, String contentType, String body) implements Fault {
    }

    /** The call reaches the cloud; its answer does not reach the caller. */
    private record LostReply() implements Fault {
    }

    /** The call reaches the cloud; its answer reaches the caller this much later. */
    private record SlowReply(Duration delay) implements Fault {
    }

    /** The connection drops before the call reaches the cloud. */
    private record Dropped() implements Fault {
    }

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Fault>> faults = new ConcurrentHashMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> pagesByToken = new ConcurrentHashMap<>();
    private volatile int describePageSize;

    private Ec2Proxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static Ec2Proxy start(URI target) throws IOException {
        return new Ec2Proxy(target);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Calls of an action (RunInstances, DescribeInstances...) since the start or the last {@link #reset()}. */
    public int calls(String action) {
        return calls.getOrDefault(action, 0);
    }

    /** Every call since the last reset, as {@code Action by AccessKeyId}, in order. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The next {@code n} calls of the action are answered with this EC2 error instead of reaching the cloud. */
    public void failNext(String action, int n, int status, String code, String message) {
        for (int i = 0; i < n; i++) {
            queue(action).add(new ErrorAnswer(status, "text/xml", errorXml(code, message)));
        }
    }

    /** The next call of the action is answered with an HTML error page, as a broken gateway in front of a cloud sends. */
    public void failNextWithPage(String action, int status) {
        queue(action).add(new ErrorAnswer(status, "text/html", "<html><body><h1>" + status + " Bad Gateway</h1></body></html>"));
    }

    /** The next call of the action reaches the cloud, but the caller gets a 500 instead of its answer. */
    public void loseNextReply(String action) {
        queue(action).add(new LostReply());
    }

    /** The next call of the action reaches the cloud at once, but its answer is held back this long. */
    public void slowNextReply(String action, Duration delay) {
        queue(action).add(new SlowReply(delay));
    }

    /** The next {@code n} calls of the action see their connection closed without an answer. */
    public void dropNext(String action, int n) {
        for (int i = 0; i < n; i++) {
            queue(action).add(new Dropped());
        }
    }

    /**
     * DescribeInstances answers come in pages of at most this many VMs, linked by {@code NextToken},
     * as EC2 pages them (moto answers everything at once); 0 turns paging off.
     */
    public void pageDescribes(int pageSize) {
        describePageSize = pageSize;
    }

    public void reset() {
        describePageSize = 0;
        pagesByToken.clear();
        calls.clear();
        faults.clear();
        log.clear();
    }

    private ConcurrentLinkedQueue<Fault> queue(String action) {
        return faults.computeIfAbsent(action, a -> new ConcurrentLinkedQueue<>());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String action = param(new String(body, StandardCharsets.UTF_8), "Action");
            action = action == null ? "?" : action;
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Matcher m = CREDENTIAL.matcher(auth == null ? "" : auth);
            String key = m.find() ? m.group(1) : "anonymous";
            calls.merge(action, 1, Integer::sum);
            log.add(action + " by " + key);
            Fault fault = queue(action).poll();
            if (fault instanceof Dropped) {
                return; // closing the exchange unanswered drops the connection
            }
            if (fault instanceof ErrorAnswer e) {
                answer(exchange, e.status(), e.body().getBytes(StandardCharsets.UTF_8), e.contentType());
                return;
            }
            String form = new String(body, StandardCharsets.UTF_8);
            String nextToken = param(form, "NextToken");
            if (action.equals("DescribeInstances") && nextToken != null && pagesByToken.containsKey(nextToken)) {
                answer(exchange, 200, pagesByToken.remove(nextToken), "text/xml");
                return;
            }
            HttpResponse<byte[]> upstream = forward(exchange, body);
            if (action.equals("DescribeInstances") && describePageSize > 0 && upstream.statusCode() == 200) {
                answer(exchange, 200, firstPage(upstream.body(), describePageSize), "text/xml");
                return;
            }
            if (fault instanceof SlowReply slow) {
                Thread.sleep(slow.delay());
            }
            if (fault instanceof LostReply) {
                answer(exchange, 500, errorXml("InternalError", "the reply was lost on its way back")
                        .getBytes(StandardCharsets.UTF_8), "text/xml");
                return;
            }
            answer(exchange, upstream.statusCode(), upstream.body(),
                    upstream.headers().firstValue("Content-Type").orElse("text/xml"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(Duration.ofSeconds(60));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> req.header(name, v));
            }
        });
        return client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String param(String form, String name) {
        for (String pair : form.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Splits a DescribeInstances answer into pages of {@code size} instances (a reservation's
     * instances may span pages, as at EC2), keeps the later pages under their tokens and returns the first.
     */
    private byte[] firstPage(byte[] xml, int size) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            Element root = doc.getDocumentElement();
            Element reservationSet = child(root, "reservationSet");
            List<Element[]> instances = new ArrayList<>(); // {reservation, instance}
            for (Element reservation : children(reservationSet, "item")) {
                for (Element instance : children(child(reservation, "instancesSet"), "item")) {
                    instances.add(new Element[]{reservation, instance});
                }
            }
            List<byte[]> pages = new ArrayList<>();
            int count = Math.max(1, (instances.size() + size - 1) / size);
            String[] tokens = new String[count];
            for (int p = 1; p < count; p++) {
                tokens[p] = "page-" + System.nanoTime() + "-" + p;
            }
            for (int p = 0; p < count; p++) {
                Document page = (Document) doc.cloneNode(true);
                Element set = child(page.getDocumentElement(), "reservationSet");
                children(set, "item").forEach(set::removeChild);
                Element current = null;
                Element currentSource = null;
                for (Element[] ri : instances.subList(p * size, Math.min(instances.size(), (p + 1) * size))) {
                    if (ri[0] != currentSource) {
                        currentSource = ri[0];
                        current = (Element) page.importNode(ri[0], true);
                        Element emptied = child(current, "instancesSet");
                        children(emptied, "item").forEach(emptied::removeChild);
                        set.appendChild(current);
                    }
                    child(current, "instancesSet").appendChild(page.importNode(ri[1], true));
                }
                if (p + 1 < count) {
                    Element next = page.createElementNS(page.getDocumentElement().getNamespaceURI(), "nextToken");
                    next.setTextContent(tokens[p + 1]);
                    page.getDocumentElement().appendChild(next);
                }
                StringWriter out = new StringWriter();
                TransformerFactory.newInstance().newTransformer().transform(new DOMSource(page), new StreamResult(out));
                pages.add(out.toString().getBytes(StandardCharsets.UTF_8));
            }
            for (int p = 1; p < count; p++) {
                pagesByToken.put(tokens[p], pages.get(p));
            }
            return pages.getFirst();
        } catch (Exception e) {
            throw new IllegalStateException("cannot page the DescribeInstances answer", e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        if (found.isEmpty()) {
            throw new IllegalStateException("no <" + name + "> in <" + parent.getTagName() + ">");
        }
        return found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && (name.equals(e.getLocalName()) || name.equals(e.getTagName()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static String errorXml(String code, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code + "</Code><Message>"
                + message + "</Message></Error></Errors><RequestID>00000000-proxy</RequestID></Response>";
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }
}
