// Namespace "privacy": private data and data ownership (#11.8–9).
export default {
  placeholder: "",
};
