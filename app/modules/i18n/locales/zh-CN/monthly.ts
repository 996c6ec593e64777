// Namespace "monthly": monthly giving 月捐 (#14.5).
export default {
  title: "TODO",
};
