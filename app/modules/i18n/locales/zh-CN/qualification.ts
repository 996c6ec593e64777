// Namespace "qualification": fundraising qualification and fund review (#11.2).
export default {
  placeholder: "",
};
