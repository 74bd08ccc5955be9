package dev.specter.cli;

import dev.specter.config.ConfigLoader;
import dev.specter.config.SpecterConfig;
import dev.specter.server.Databases;
import dev.specter.server.SpecterServer;
import dev.specter.store.sql.Database;
import dev.specter.store.sql.SqlStore;
import dev.specter.user.NewAccount;
import dev.specter.user.manage.Accounts;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code specter startup-training} (hidden): the training run bin/specter records its AOT cache from,
 * once per build. It does in small what {@code user add} and {@code serve} do on a fresh temporary
 * data directory: creates a user, starts the server on 127.0.0.1 and a free port, sends it three
 * requests (GET /sites without credentials, a login with a wrong password, GET /sites with the
 * user's token), then shuts it down and deletes the directory. (Each password check is a
 * deliberately slow hash, so there is one login, not two.)
 *
 * <p>It reads neither the configuration file nor the environment: the built-in defaults only, so
 * that it never touches a configured database.
 */
@Command(name = "startup-training", hidden = true,
        description = "Start a server on a temporary data directory, send it a few requests, stop it "
                + "(the workload bin/specter's AOT cache is recorded from).")
final class StartupTrainingCommand implements Callable<Integer> {
    private static final String USER = "training";
    private static final String PASSWORD = "training-password";

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Path data = Files.createTempDirectory("specter-training");
        try {
            SpecterConfig config = ConfigLoader.load(null, Map.of("SPECTER_HTTP_HOST", "127.0.0.1",
                    "SPECTER_HTTP_PORT", "0"), SpecterServer.DRIVER_KINDS).withDataDir(data);
            NewAccount account;
            try (Database db = Databases.open(config)) { // as `user add` does
                account = new Accounts(new SqlStore(db).users(), InstantSource.system()).create(USER, PASSWORD);
            }
            List<Integer> got = new ArrayList<>();
            try (SpecterServer server = SpecterServer.start(config)) {
                String api = config.apiPrefix();
                String basic = "Basic " + Base64.getEncoder().encodeToString(
                        (account.user().id() + ":" + account.token()).getBytes(StandardCharsets.UTF_8));
                got.add(request(server.port(), "GET", api + "/sites", null, null));
                got.add(request(server.port(), "POST", api + "/token", "username=" + USER + "&password=wrong", null));
                got.add(request(server.port(), "GET", api + "/sites", null, basic));
            }
            List<Integer> expected = List.of(403, 401, 200);
            System.out.println("startup-training: statuses " + got + " in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms" + (got.equals(expected) ? "" : ", expected " + expected));
            return got.equals(expected) ? 0 : 1;
        } finally {
            delete(data);
        }
    }

    /** One HTTP/1.1 request on its own connection; returns the status code. */
    private static int request(int port, String method, String path, String form, String authorization)
            throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            byte[] body = form == null ? new byte[0] : form.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (form != null) {
                head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                        .append(body.length).append("\r\n");
            }
            OutputStream out = s.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            // "HTTP/1.1 200 OK"
            String[] status = response.split("\r\n", 2)[0].split(" ");
            if (status.length < 2 || !status[0].startsWith("HTTP/")) {
                throw new IOException(method + " " + path + ": not an HTTP response: " + status[0]);
            }
            return Integer.parseInt(status[1]);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
