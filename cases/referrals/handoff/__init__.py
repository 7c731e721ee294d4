"""The hand-off inside the referring agency: returning a referral to its practitioner, deleting a draft."""
