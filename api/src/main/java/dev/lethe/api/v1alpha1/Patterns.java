package dev.lethe.api.v1alpha1;

/** Regular expressions and CEL fragments the schema uses for names and paths. */
final class Patterns {
  private Patterns() {}

  /** A DNS-1123 subdomain: the name of a PVC, ConfigMap, priority class or service account. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /**
   * A ConfigMap key's characters (k8s.io/apimachinery validation.IsConfigMapKey); {@link
   * ConfigMapSource} also refuses {@code .}, {@code ..} and keys starting with {@code ..}.
   */
  static final String CONFIG_MAP_KEY = "^[-._a-zA-Z0-9]+$";

  /** A relative path: segments of letters, digits, '.', '_' and '-', separated by single '/'. */
  static final String RELATIVE_PATH = "^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$";
}
