// Namespace "platforms": designated fundraising platforms, statement import and bank transfers (#14.4).
export default {
  title: "TODO",
};
