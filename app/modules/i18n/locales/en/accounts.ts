import type zh from "../zh-CN/accounts";
import type { LocaleShape } from "../../resources";

export default {
  email: "E-mail",
  password: "Password",
  passwordHint: "At least 8 characters, with letters and digits",
  confirmPassword: "Confirm password",
  currentPassword: "Current password",
  newPassword: "New password",
  displayName: "Display name",
  signIn: { title: "Sign in", submit: "Sign in", noAccount: "No account yet?", signUpLink: "Sign up", failed: "Wrong e-mail or password", rateLimited: "Too many sign-in attempts, please try again in {minutes} minutes", disabled: "This account is disabled" },
  signUp: { title: "Create an account", submit: "Sign up", haveAccount: "Already have an account?", signInLink: "Sign in", emailTaken: "This e-mail address is already registered" },
  password_: { title: "Change password", changed: "Password changed; other devices were signed out", wrong: "The current password is wrong", weak: "At least 8 characters, with both letters and digits", mismatch: "The passwords do not match" },
  profile: {
    title: "Real-name profile",
    intro: "Volunteering requires a real-name profile. Only a keyed digest and a masked form of your ID number are stored; it is never shown publicly.",
    realName: "Legal name",
    phone: "Mobile phone",
    idNumber: "Resident ID number",
    idInvalid: "Invalid ID number (check the birth date and the last check character)",
    idTaken: "This ID number is already registered to another account",
    saved: "Real-name profile saved",
    masked: "Registered ID number",
    district: "District of residence",
    skills: "Skills (comma-separated)",
    cannotChangeId: "The ID number cannot be changed once registered; contact bureau staff to correct it",
  },
  account: { title: "My account", role: "Role", sessions: "Signed-in devices", revoke: "Sign out this device", invitations: "Organization invitations", noInvitations: "No pending invitations", acceptInvite: "Accept", declineInvite: "Decline", invitedTo: "{org} invites you to join as {role}", inviteAccepted: "You joined {org}", inviteDeclined: "Invitation declined" },
  links: { donations: "My donations and receipts", volunteering: "My volunteering", certificates: "Service certificates", orgs: "My organizations" },
  admin: { usersTitle: "Users and roles", setRole: "Set role", roleChanged: "{name} is now {role}", cannotDemoteSelf: "You cannot change your own admin role" },
} satisfies LocaleShape<typeof zh>;
