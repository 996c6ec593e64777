// Namespace "site": demo mode and site-wide notices (#11.1).
export default {
  placeholder: "",
};
