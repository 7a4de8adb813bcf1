package dev.lethe.operator.reconciler;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay in front of a real API server, through which an operator replica reaches it. {@link
 * #cut()} makes the API server unreachable for whoever uses the relay, as an outage of the API
 * server does: every open connection is closed and every new one is closed as soon as it is
 * accepted, until {@link #restore()}. TLS passes through untouched.
 */
final class ApiServerProxy implements AutoCloseable {
  private final InetSocketAddress upstream;
  private final ServerSocket listener;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  private ApiServerProxy(InetSocketAddress upstream) throws IOException {
    this.upstream = upstream;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepting = new Thread(this::accept, "api-server-proxy");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** A relay to the API server of this kubeconfig. */
  static ApiServerProxy to(Path kubeconfig) throws IOException {
    URI server = URI.create(config(kubeconfig).getMasterUrl());
    return new ApiServerProxy(new InetSocketAddress(server.getHost(), server.getPort()));
  }

  /** A client with the kubeconfig's credentials that reaches the API server through this relay. */
  KubernetesClient client(Path kubeconfig) throws IOException {
    Config config = config(kubeconfig);
    config.setMasterUrl("https://" + upstream.getHostString() + ":" + listener.getLocalPort());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** From now on the API server cannot be reached through this relay. */
  void cut() {
    cut = true;
    open.forEach(ApiServerProxy::closeQuietly);
  }

  /** The API server can be reached again. */
  void restore() {
    cut = false;
  }

  @Override
  public void close() {
    cut();
    closeQuietly(listener);
  }

  private static Config config(Path kubeconfig) throws IOException {
    return Config.fromKubeconfig(Files.readString(kubeconfig));
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket(upstream.getAddress(), upstream.getPort());
        open.add(client);
        open.add(server);
        relay(client, server);
        relay(server, client);
      } catch (IOException e) {
        // the listener was closed, or the API server refused one connection: go on until closed
      }
    }
  }

  /** Copies bytes from one socket to the other until either closes, then closes both. */
  private void relay(Socket from, Socket to) {
    Thread copying =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // closed by cut(), or by either end
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "api-server-proxy-relay");
    copying.setDaemon(true);
    copying.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
