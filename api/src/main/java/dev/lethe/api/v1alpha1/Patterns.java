package dev.lethe.api.v1alpha1;

/**
 * Regular expressions the schema uses for names and paths. Those that CEL rules use as well are
 * written without backslashes ({@code [.]} for a literal dot), so that the same text is a valid
 * OpenAPI pattern and a valid CEL string literal.
 */
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

  /** An image digest, as a policy may allow it: {@code sha256:} and 64 hex digits. */
  static final String DIGEST = "^sha256:[a-f0-9]{64}$";

  /**
   * A resource quantity (k8s.io/apimachinery/pkg/api/resource, the pattern controller-gen writes
   * for resource.Quantity).
   */
  static final String QUANTITY =
      "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  /**
   * A qualified name, the form of label keys, taint keys and extended resource names
   * (k8s.io/apimachinery validation.IsQualifiedName): an optional DNS-1123 subdomain and '/', then
   * at most 63 characters. The prefix's limit of 253 characters is checked apart.
   */
  static final String QUALIFIED_NAME =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$";

  /**
   * A label value, also the value of a toleration (k8s.io/apimachinery
   * validation.IsValidLabelValue): empty, or at most 63 characters.
   */
  static final String LABEL_VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

  /**
   * A container image reference as the Docker distribution grammar defines it
   * (github.com/distribution/reference, regexp.go): {@code [host[:port]/]path[:tag][@digest]}. One
   * deviation: the host is lowercase. The grammar allows {@code UPPER/case}, which names repository
   * {@code case} on a host {@code UPPER} and is always a mistyped Docker Hub name; host names are
   * case-insensitive, so no registry is lost. IPv6 hosts are not accepted.
   */
  static final String IMAGE_REFERENCE =
      "^(([a-z0-9]|[a-z0-9][-a-z0-9]*[a-z0-9])([.]([a-z0-9]|[a-z0-9][-a-z0-9]*[a-z0-9]))*"
          + "(:[0-9]+)?/)?"
          + "[a-z0-9]+(([._]|__|[-]+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|[-]+)[a-z0-9]+)*)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?"
          + "(@[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";

  /** The rule on an {@code image} field, and what it says. */
  static final String IMAGE_RULE =
      "!has(self.image) || self.image.matches('" + IMAGE_REFERENCE + "')";

  static final String IMAGE_MESSAGE =
      "image must be an image reference, [host[:port]/]repository[:tag][@digest], with a"
          + " lowercase host and repository and no spaces, e.g. ghcr.io/lethe/trainer:0.1.0";

  /** A condition type, as metav1.Condition's schema has it (k8s.io/apimachinery meta/v1). */
  static final String CONDITION_TYPE =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

  /** A condition reason, CamelCase, as metav1.Condition's schema has it. */
  static final String CONDITION_REASON = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
}
