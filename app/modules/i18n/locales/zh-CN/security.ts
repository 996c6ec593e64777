// Namespace "security": accounts, redirects, bounded input (#11.5–7).
export default {
  placeholder: "",
};
