using Frontdesk.Domain.Contacts;
using Frontdesk.Domain.Tickets;

namespace Frontdesk.Demo;

/// <summary>A kind of request people really send: what they write, how the team answers, where it is filed.</summary>
internal sealed record DemoScenario(
    string Team,
    string Category,
    string? Subcategory,
    TicketType Type,
    TicketPriority Priority,
    ChannelKind[] Channels,
    string[] Subjects,
    string[] Openings,
    string[] Replies,
    string[] Tags);

/// <summary>An organization of the sample workspace and the domain its people write from.</summary>
internal sealed record DemoOrganization(string Name, OrganizationTier Tier, bool SharesTickets, string Domain);

/// <summary>
/// The words of the sample workspace: people, companies and the requests they send. Shared by the demo
/// workspace and the bench loader so both look like a real helpdesk, not like "Ticket 123".
/// </summary>
internal static class DemoCatalog
{
    public const string Password = "frontdesk-demo";

    public static readonly (string Name, string Description)[] Teams =
    [
        ("Customer Support", "First line for customers: orders, accounts and product questions."),
        ("Billing", "Invoices, refunds, plans and payment methods."),
        ("IT Service Desk", "Internal IT: laptops, access requests, software and outages."),
        ("Product Engineering", "Bugs and feature requests escalated from the front line."),
    ];

    /// <summary>Agents: name, the teams they work in (indexes into <see cref="Teams"/>), and whether they administer.</summary>
    public static readonly (string Name, int[] Teams, bool Admin)[] Agents =
    [
        ("Maya Okafor", [0, 1], true),
        ("Daniel Kim", [0], false),
        ("Sofia Rossi", [0, 3], false),
        ("Liam Murphy", [1], false),
        ("Aisha Rahman", [1, 0], false),
        ("Tomás Silva", [2], false),
        ("Hannah Becker", [2, 3], false),
        ("Ravi Menon", [3], false),
    ];

    public static readonly DemoOrganization[] Organizations =
    [
        new("Bluebird Bakery", OrganizationTier.Standard, false, "bluebirdbakery.example"),
        new("Kestrel Cycles", OrganizationTier.Standard, true, "kestrelcycles.example"),
        new("Harbor Dental Group", OrganizationTier.Standard, false, "harbordental.example"),
        new("Northwind Traders", OrganizationTier.Premium, true, "northwind.example"),
        new("Lumen Analytics", OrganizationTier.Premium, false, "lumenanalytics.example"),
        new("Orchard Health", OrganizationTier.Premium, true, "orchardhealth.example"),
        new("Globex Corporation", OrganizationTier.Vip, true, "globex.example"),
        new("Initech", OrganizationTier.Vip, false, "initech.example"),
    ];

    /// <summary>Where people without a company address write from.</summary>
    public static readonly string[] PersonalDomains = ["example.com", "example.net", "example.org", "mail.example"];

    public static readonly string[] FirstNames =
    [
        "Olivia", "Noah", "Emma", "Lucas", "Amelia", "Mateo", "Ava", "Elijah", "Mia", "James", "Chloe", "Leo", "Zoe", "Arjun",
        "Isabella", "Kenji", "Fatima", "Jonas", "Grace", "Omar", "Nora", "Felix", "Priya", "Samuel", "Lena", "Diego", "Yuki",
        "Marta", "Ethan", "Ingrid", "Kwame", "Clara", "Hugo", "Anya", "Ben", "Leila", "Oscar", "Sara", "Victor", "Elena",
    ];

    public static readonly string[] LastNames =
    [
        "Anderson", "Nakamura", "Fischer", "Okonkwo", "Martin", "Haddad", "Johansson", "Silva", "Novak", "Chen", "Dubois",
        "Kowalski", "Patel", "Moreau", "Schmidt", "García", "O'Brien", "Lindqvist", "Tanaka", "Rossi", "Adeyemi", "Müller",
        "Campbell", "Ivanova", "Hughes", "Bauer", "Costa", "Yilmaz", "Park", "Jensen",
    ];

    public static readonly string[] Products = ["Frontdesk Cloud", "the mobile app", "the web dashboard", "the API", "the Outlook add-in", "the reporting module"];

    public static readonly string[] Tags = ["vip", "refund", "bug", "feature-request", "shipping", "sso", "api", "mobile", "onboarding", "churn-risk", "outage", "hardware"];

    /// <summary>Categories: a top level and its children.</summary>
    public static readonly (string Name, string[] Children)[] Categories =
    [
        ("Billing", ["Invoices", "Refunds", "Payment methods"]),
        ("Account", ["Sign-in & 2FA", "Profile & settings"]),
        ("Orders & Shipping", ["Delivery", "Returns"]),
        ("Technical", ["Bug report", "Integrations & API", "Performance"]),
        ("IT", ["Hardware", "Access requests", "Software"]),
    ];

    private static readonly ChannelKind[] Anywhere = [ChannelKind.Email, ChannelKind.Email, ChannelKind.Web, ChannelKind.Chat, ChannelKind.Phone, ChannelKind.Sms, ChannelKind.Social, ChannelKind.Api];
    private static readonly ChannelKind[] Written = [ChannelKind.Email, ChannelKind.Email, ChannelKind.Web, ChannelKind.Chat];
    private static readonly ChannelKind[] Internal = [ChannelKind.Email, ChannelKind.Web, ChannelKind.Phone, ChannelKind.Chat];

    public static readonly DemoScenario[] Scenarios =
    [
        new("Billing", "Billing", "Invoices", TicketType.Question, TicketPriority.Normal, Written,
            ["Invoice {n} shows the wrong VAT number", "Can you resend the invoice for {month}?", "Question about invoice {n}"],
            [
                "Hello,\n\nour accounting team noticed that invoice {n} still shows our old VAT number. Could you issue a corrected invoice? The new number is in our account settings.\n\nThanks!",
                "Hi, I cannot find the invoice for {month} in the billing portal. Could you send it again to this address? Our bookkeeper needs it by Friday.",
            ],
            ["Thanks for flagging this. I have regenerated invoice {n} with the VAT number from your account settings; you will find it under Billing › Invoices, and I attached it here as well.", "I have resent the invoice for {month} to this address. It is also available for download in the billing portal under Billing › Invoices."],
            []),
        new("Billing", "Billing", "Refunds", TicketType.Request, TicketPriority.High, [ChannelKind.Email, ChannelKind.Web, ChannelKind.Chat, ChannelKind.Phone],
            ["Charged twice for my subscription", "Refund request for order {n}", "Duplicate charge on my card this month"],
            [
                "Hi there,\n\nI was charged twice for my subscription this month (two charges on the same day). Please refund the duplicate charge.\n\nBest regards",
                "Hello, I cancelled order {n} within the trial period but the charge is still on my card. Could you refund it please?",
            ],
            ["I am sorry about the duplicate charge. I have refunded it to the original card; depending on your bank it shows up within 5–10 business days.", "I have issued a full refund for order {n}. You will receive a confirmation email from our payment provider shortly."],
            ["refund"]),
        new("Billing", "Billing", "Payment methods", TicketType.Question, TicketPriority.Normal, Written,
            ["Card declined when upgrading to {plan}", "How do I pay by bank transfer?", "Update the credit card on file"],
            [
                "I tried to upgrade our workspace to the {plan} plan but the card is declined every time, although it works elsewhere. What can we do?",
                "Our finance department prefers to pay by bank transfer instead of credit card. Is that possible for annual plans?",
            ],
            ["Declines at upgrade are usually the bank's 3-D Secure check. Could you try again and approve the payment in your banking app? If it still fails, I can send you a payment link instead.", "Yes: annual plans can be paid by bank transfer. I have switched your account to invoice payment; the next invoice will include our bank details."],
            []),
        new("Billing", "Billing", null, TicketType.Request, TicketPriority.Normal, Written,
            ["Downgrade from {plan} at renewal", "Please cancel our subscription", "Change billing contact"],
            [
                "We would like to move from the {plan} plan to a smaller one at our next renewal. Which steps do we need to take, and do we lose any data?",
                "Please cancel our subscription at the end of the current period. We are consolidating tools across the company.",
            ],
            ["No data is lost when you downgrade; features above the new plan become read-only. I have scheduled the change for your renewal date.", "I am sorry to see you go. I have set the subscription to end with the current period; you keep full access until then and can export everything from Settings › Export."],
            ["churn-risk"]),
        new("Customer Support", "Account", "Sign-in & 2FA", TicketType.Incident, TicketPriority.High, Anywhere,
            ["Locked out after changing my phone", "Two-factor codes are not accepted", "Password reset email never arrives"],
            [
                "I got a new phone and now I cannot sign in because my authenticator codes are gone. I have my recovery email but no recovery codes. Please help, I need access today.",
                "Since this morning the 2FA codes from my app are rejected as invalid. I checked the time on my phone, it is correct.",
                "I requested a password reset three times but no email arrives, not even in spam.",
            ],
            ["I have verified your identity and reset two-factor authentication on your account. Please sign in with your password and set up your authenticator again; save the new recovery codes somewhere safe.", "Our mail logs show the reset emails were blocked by your company's mail filter. I have sent a new link from an allow-listed address; please check again."],
            ["sso"]),
        new("Customer Support", "Account", "Profile & settings", TicketType.Question, TicketPriority.Low, Written,
            ["How do I change the email address on my account?", "Merge two accounts into one", "Change the language of notifications"],
            [
                "I changed jobs and want to move my account to my new email address without losing my history. How do I do that?",
                "I accidentally created two accounts with different addresses. Can you merge them so I keep everything in one?",
            ],
            ["You can change it under Profile › Email; we send a confirmation link to the new address and your history stays as it is.", "I have merged the two accounts into the one with your work address. Everything from the other account now shows there."],
            []),
        new("Customer Support", "Orders & Shipping", "Delivery", TicketType.Incident, TicketPriority.Normal, Anywhere,
            ["Where is my order {n}?", "Package marked delivered but not received", "Order {n} arrived damaged"],
            [
                "Hi, my order {n} was supposed to arrive last Tuesday and the tracking has not moved for five days. Can you check with the carrier?",
                "The tracking says my parcel was delivered yesterday, but nothing arrived and the neighbours have not seen it.",
                "Order {n} arrived today but the box was crushed and two items are broken. Photos attached.",
            ],
            ["I have opened an investigation with the carrier for order {n}. They usually answer within 48 hours; I will update you as soon as I hear back.", "I am sorry your order arrived damaged. I have shipped replacements by express; you will get the tracking number by email today."],
            ["shipping"]),
        new("Customer Support", "Orders & Shipping", "Returns", TicketType.Request, TicketPriority.Low, Written,
            ["Return label for order {n}", "Exchange for a different size", "Return window question"],
            [
                "I would like to return two items from order {n}. Could you send me a return label?",
                "The jacket from order {n} is too small; can I exchange it for a size L instead of returning it?",
            ],
            ["Here is your prepaid return label for order {n}. Drop the parcel at any post office within 14 days; the refund follows once it reaches our warehouse.", "I have reserved a size L for you and attached a return label for the small one. The exchange ships as soon as the carrier scans your parcel."],
            ["shipping"]),
        new("Customer Support", "Technical", "Performance", TicketType.Problem, TicketPriority.High, Anywhere,
            ["{product} is very slow since the update", "Dashboard takes a minute to load", "Timeouts when exporting reports"],
            [
                "Since yesterday's update {product} is extremely slow for our whole team: every page takes 20–30 seconds. Is there an ongoing incident?",
                "Exporting the monthly report times out after about a minute. Smaller exports work fine.",
            ],
            ["Thank you for the details. We found a slow query introduced by the update and rolled out a fix an hour ago; load times should be back to normal. Could you confirm on your side?", "Large exports now run in the background: you will get an email with the download link when the file is ready."],
            ["outage"]),
        new("Customer Support", "Technical", "Integrations & API", TicketType.Question, TicketPriority.Normal, [ChannelKind.Email, ChannelKind.Api, ChannelKind.Web],
            ["API returns 429 too often", "Webhook deliveries stopped", "How to authenticate with the REST API?"],
            [
                "Our integration gets HTTP 429 responses even though we send far fewer requests than the documented limit. What is the actual rate limit per token?",
                "Since last night our webhook endpoint no longer receives deliveries. Our server is up and returns 200 for test calls.",
            ],
            ["The limit is 600 requests per minute per token, counted over a sliding window. Your client retries immediately on 429; honouring the Retry-After header will fix it.", "Your endpoint's TLS certificate expired last night, so deliveries failed and were paused. Once the certificate is renewed, re-enable the webhook and we will replay the missed events."],
            ["api"]),
        new("Product Engineering", "Technical", "Bug report", TicketType.Bug, TicketPriority.High, [ChannelKind.Email, ChannelKind.Web, ChannelKind.Api],
            ["CSV export drops accented characters", "Mobile app crashes when opening attachments", "Date picker shows the wrong week start"],
            [
                "When we export contacts to CSV, names like Müller or García come out garbled in Excel. The data looks fine in the app.",
                "The mobile app crashes every time I open a PDF attachment on Android 14. Images work.",
                "The date picker starts weeks on Sunday although our workspace locale is German.",
            ],
            ["Reproduced: the export writes UTF-8 without a byte-order mark, so Excel guesses the wrong encoding. A fix is scheduled for the next release; until then, import the file via Data › From Text in Excel.", "Thanks for the report. We reproduced the crash on Android 14 and fixed it in version 5.12, which is rolling out in the stores now."],
            ["bug", "mobile"]),
        new("Product Engineering", "Technical", null, TicketType.Feature, TicketPriority.Low, [ChannelKind.Email, ChannelKind.Web, ChannelKind.Social],
            ["Feature request: dark mode", "Please add bulk editing of contacts", "Allow custom fields in reports"],
            [
                "Our agents work late shifts and would love a dark mode. Is it on the roadmap?",
                "We often need to change the organization of dozens of contacts at once. Bulk editing would save us hours every week.",
            ],
            ["Thanks for the suggestion! I have added your vote to the feature request; our product team reviews the most requested items every month.", "Good news: this is planned for the next quarter. I have linked your request so you are notified when it ships."],
            ["feature-request"]),
        new("IT Service Desk", "IT", "Hardware", TicketType.Incident, TicketPriority.Normal, Internal,
            ["Laptop does not charge anymore", "Second monitor not detected", "Broken keyboard on my laptop"],
            [
                "My laptop stopped charging this morning. The charger light is on but the battery stays at 12 %.",
                "After the latest update my second monitor is no longer detected through the docking station.",
            ],
            ["The charging port is faulty. I have prepared a replacement laptop with your profile; you can pick it up at the IT desk on the 2nd floor after 2 pm.", "The docking station needed a firmware update. I pushed it remotely; please unplug and reconnect the dock."],
            ["hardware"]),
        new("IT Service Desk", "IT", "Access requests", TicketType.Request, TicketPriority.Normal, Internal,
            ["Access to the finance shared drive", "New starter: accounts for {first}", "VPN access for contractor"],
            [
                "I need read access to the finance shared drive for the quarterly close. My manager approved it by email.",
                "{first} starts on Monday in the marketing team. Please set up email, Slack and access to the design tools.",
            ],
            ["Access granted: the finance drive appears after your next sign-in. It is valid until the end of the quarter.", "All accounts are set up. The welcome pack with the temporary password is with the office manager."],
            ["onboarding"]),
        new("IT Service Desk", "IT", "Software", TicketType.Change, TicketPriority.Normal, Internal,
            ["Install Visual Studio Code on my workstation", "Upgrade the CRM add-in for all sales laptops", "Licence for the PDF editor"],
            [
                "Could you install Visual Studio Code on my workstation? I do not have admin rights.",
                "The sales team needs the new CRM add-in version before the conference next week. Can it be rolled out to all sales laptops?",
            ],
            ["Installed through the software centre; you can start it from the menu now.", "The rollout is scheduled for Thursday night as a standard change; laptops update at the next reboot."],
            []),
        new("IT Service Desk", "IT", null, TicketType.Problem, TicketPriority.Urgent, Internal,
            ["Email outage in the Berlin office", "Printer queue stuck on floor 3", "Wi-Fi drops every few minutes"],
            [
                "Nobody in the Berlin office can send or receive email since 9:00. Outlook says it is disconnected.",
                "The Wi-Fi on the 4th floor drops every few minutes; video calls are impossible.",
            ],
            ["The mail gateway certificate had expired. It has been renewed and mail is flowing again; queued messages are being delivered now.", "One access point was overloaded after the move. We added a second one; please let us know if the drops continue."],
            ["outage"]),
    ];

    public static readonly string[] CustomerFollowUps =
    [
        "Thanks for the quick answer! Unfortunately it still does not work on my side. Anything else I can try?",
        "That worked, thank you so much!",
        "Thanks. Could you tell me when I can expect an update?",
        "I tried that, but I get the same result. I have attached a screenshot.",
        "Great, that solved it. You can close this ticket.",
        "Any news on this? It is becoming urgent for us.",
    ];

    public static readonly string[] AgentQuestions =
    [
        "Thanks for reaching out. To look into this, could you tell me which browser and version you are using, and send a screenshot of the error?",
        "Thank you for the details. Could you confirm the email address on the account, so I can check the logs?",
        "I am looking into this now. Could you tell me roughly when it happened, so I can find the right entries?",
    ];

    public static readonly string[] InternalNotes =
    [
        "Checked the logs: matches the known issue from last week. Linking to the engineering ticket.",
        "Customer is on an annual contract renewing next month; handle with care.",
        "Waiting for the carrier's investigation; they promised an answer within 48 h.",
        "Escalated to second line, the fix needs a database change.",
        "Same customer wrote in by phone yesterday; keep the answers consistent.",
        "Vendor confirmed the defect; replacement part ordered.",
    ];

    public static readonly string[] OnHoldNotes =
    [
        "On hold: waiting for the vendor to confirm the replacement part.",
        "On hold until engineering ships the fix (tracked in the bug ticket).",
        "On hold: the carrier investigation is still open.",
    ];

    public static readonly string[] Closings =
    [
        "Glad we could sort this out. I am marking the ticket as solved; just reply if anything comes up again.",
        "Thanks for your patience! This should be resolved now; reply to this message and the ticket reopens.",
        "Everything is in place on our side. I will close this ticket, but do write back if you need anything else.",
    ];

    public static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static readonly string[] Plans = ["Team", "Business", "Enterprise"];

    /// <summary>Fills {n}, {month}, {plan}, {product} and {first} in a template.</summary>
    public static string Fill(string template, Random random) =>
        template
            .Replace("{n}", random.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{month}", Months[random.Next(Months.Length)], StringComparison.Ordinal)
            .Replace("{plan}", Plans[random.Next(Plans.Length)], StringComparison.Ordinal)
            .Replace("{product}", Products[random.Next(Products.Length)], StringComparison.Ordinal)
            .Replace("{first}", FirstNames[random.Next(FirstNames.Length)], StringComparison.Ordinal);

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>"Müller" → "muller", "O'Brien" → "obrien": the local part people would have.</summary>
    public static string EmailPart(string name)
    {
        var normalized = name.Normalize(System.Text.NormalizationForm.FormD);
        var chars = normalized.Where(c => char.IsAsciiLetterOrDigit(c) || c == ' ').ToArray();
        return new string(chars).Trim().ToLowerInvariant().Replace(' ', '.');
    }
}
