"""What the form and the service both say."""

TAKEN_WHEN = "Enter the date the action was taken"
