// Namespace "freeze": suspension freezing money, refund timeouts (#11.3, #11.10).
export default {
  placeholder: "",
};
