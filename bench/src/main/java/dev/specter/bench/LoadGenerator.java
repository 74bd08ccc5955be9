package dev.specter.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loopback HTTP load over a set of URLs on one server, each request to one of them at random:
 * wrk when it is installed (a separate, lean process), else a Java client in
 * this JVM (which competes for the same two cores, so its absolute numbers are lower; the ratio of
 * two endpoints measured the same way is still meaningful).
 */
final class LoadGenerator {
    record Result(double requestsPerSecond, long errors, String tool) {
    }

    /** One URL to hit, with the body to send there (null for none). */
    record Target(URI uri, String body) {
    }

    /** The wrk executable, or null when it is not installed. */
    private static final Path WRK = Stream.of("/usr/bin/wrk", "/usr/local/bin/wrk").map(Path::of)
            .filter(Files::isExecutable).findFirst().orElse(null);

    static Result run(String method, List<Target> targets, String authorization, int connections, int seconds)
            throws Exception {
        return WRK != null ? wrk(method, targets, authorization, connections, seconds)
                : java(method, targets, authorization, connections, seconds);
    }

    private static Result wrk(String method, List<Target> targets, String auth, int connections, int seconds)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile("wrk", ".lua");
        StringBuilder list = new StringBuilder();
        for (Target t : targets) {
            list.append("{\"").append(t.uri().getRawPath()).append("\", ")
                    .append(t.body() == null ? "nil" : "[[" + t.body() + "]]").append("},\n");
        }
        Files.writeString(script, "wrk.method = \"" + method + "\"\n"
                + "wrk.headers[\"Authorization\"] = \"" + auth + "\"\n"
                + "local targets = {\n" + list + "}\n"
                + "request = function()\n"
                + "  local t = targets[math.random(#targets)]\n"
                + "  return wrk.format(nil, t[1], nil, t[2])\nend\n"
                + "done = function(summary, latency, requests)\n"
                + "  io.write(string.format(\"ERRORS %d\\n\", summary.errors.status + summary.errors.connect"
                + " + summary.errors.read + summary.errors.write + summary.errors.timeout))\nend\n");
        URI first = targets.getFirst().uri();
        Process p = new ProcessBuilder(WRK.toString(), "-t2", "-c" + connections, "-d" + seconds + "s", "-s",
                script.toString(), first.getScheme() + "://" + first.getRawAuthority())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Files.deleteIfExists(script);
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher errors = Pattern.compile("ERRORS (\\d+)").matcher(out);
        if (!rps.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        return new Result(Double.parseDouble(rps.group(1)), errors.find() ? Long.parseLong(errors.group(1)) : -1,
                "wrk");
    }

    private static Result java(String method, List<Target> targets, String auth, int connections, int seconds)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<HttpRequest> requests = targets.stream().map(t -> HttpRequest.newBuilder(t.uri())
                .header("Authorization", auth).method(method, t.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(t.body())).build()).toList();
        AtomicBoolean on = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (on.get()) {
                    try {
                        HttpRequest request = requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status >= 400) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        // warm-up of this run's own new client and connections (the caller's warm-up used another client)
        Thread.sleep(Duration.ofSeconds(1));
        long start = done.get();
        long t0 = System.nanoTime();
        Thread.sleep(Duration.ofSeconds(seconds));
        long n = done.get() - start;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        on.set(false);
        for (Thread t : threads) {
            t.join();
        }
        return new Result(n / elapsed, errors.get(), "java client");
    }
}
