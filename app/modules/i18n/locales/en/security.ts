import type { LocaleShape } from "../../resources";
import type zh from "../zh-CN/security";

const en: LocaleShape<typeof zh> = {
  input: {
    controlChars: "What you sent contains invisible control characters (such as a null character). Please remove them and try again.",
    badEncoding: "The link or form is not validly encoded. Please check it and try again.",
    tooLarge: "What you sent is too large. Please use a smaller file or less text and try again.",
    tooManyFiles: "Too many files in one upload. Please upload them in several steps.",
    title: "This request could not be processed",
    goHome: "Back to the home page",
  },
};
export default en;
