package dev.lethe.api.v1alpha1;

/** Regular expressions and CEL fragments the schema uses for names and paths. */
final class Patterns {
  private Patterns() {}

  /** A DNS-1123 subdomain: the name of a PVC, ConfigMap, priority class or service account. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A ConfigMap key. */
  static final String CONFIG_MAP_KEY = "^[-._a-zA-Z0-9]+$";

  /** A relative path: segments of letters, digits, '.', '_' and '-', separated by single '/'. */
  static final String RELATIVE_PATH = "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$";

  /** An image digest, as a policy may allow it: {@code sha256:} and 64 hex digits. */
  static final String DIGEST = "^sha256:[a-f0-9]{64}$";

  /**
   * A resource quantity (k8s.io/apimachinery/pkg/api/resource, the pattern controller-gen writes
   * for resource.Quantity).
   */
  static final String QUANTITY =
      "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";
}
