// Namespace "hours": volunteer hours and certificates (#11.3, #11.4).
export default {
  placeholder: "",
};
