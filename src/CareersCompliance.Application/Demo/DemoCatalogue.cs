using CareersCompliance.Domain.Providers;

namespace CareersCompliance.Application.Demo;

/// <summary>Invented names and organisations, shaped after the three trusts whose careers policies are in the seeds.</summary>
internal static class DemoCatalogue
{
    public sealed record TrustPlan(
        string Id,
        string Name,
        string LaCode,
        int UrnBase,
        int EstablishmentBase,
        int Region,
        IReadOnlyList<string> Places);

    public sealed record ProviderPlan(string Id, string Name, ProviderKind Kind, bool OffersTechnical, int Region);

    public sealed record AdviserPlan(string Id, string Name, int Level, bool Independent, string TrustId);

    // Region: 0 Merseyside (Lydiate), 1 Dorset (Liberty), 2 Staffordshire (John Taylor), -1 national.
    public static readonly TrustPlan Lydiate = new(
        "LLT", "Lydiate Learning Trust", "343", 140100, 4000, 0,
        ["Lydiate Park", "Maghull Brook", "Sefton Meadows", "Aintree Vale", "Formby Dunes", "Crosby Marsh", "Melling Mount",
         "Hightown Shore", "Litherland Moss", "Netherton Green"]);

    public static readonly TrustPlan Liberty = new(
        "LAT", "Liberty Academy Trust", "838", 145200, 7000, 1,
        ["Harbourside", "Purbeck View", "Chesil Bank", "Stour Valley", "Brownsea", "Hengistbury", "Studland Bay", "Durlston"]);

    public static readonly TrustPlan JohnTaylor = new(
        "JTMAT", "John Taylor Multi Academy Trust", "860", 147300, 4100, 2,
        ["Barton Meadow", "Needwood Forest", "Trent Water", "Dove Valley", "Tutbury Castle", "Rangemore", "Yoxall Brook",
         "Alrewas Mill", "Branston Fields", "Anslow Ridge"]);

    public static readonly IReadOnlyList<ProviderPlan> Providers =
    [
        new("10004417", "Mersey Estuary College", ProviderKind.FeCollege, true, 0),
        new("10006301", "South Sefton College of Technology", ProviderKind.FeCollege, true, 0),
        new("10005872", "Crosby Sixth Form College", ProviderKind.SixthFormCollege, false, 0),
        new("10038712", "Merseyside Engineering UTC", ProviderKind.Utc, true, 0),
        new("10052231", "Northern Skills Training Ltd", ProviderKind.Itp, true, 0),
        new("10007158", "University of North Mersey", ProviderKind.University, true, 0),
        new("10002214", "Dorset Coast College", ProviderKind.FeCollege, true, 1),
        new("10061408", "Wessex Skills Partnership", ProviderKind.Itp, true, 1),
        new("10047730", "Harbour Studio School", ProviderKind.StudioSchool, true, 1),
        new("10007799", "Wessex Coast University", ProviderKind.University, true, 1),
        new("10006672", "Trent Valley College", ProviderKind.FeCollege, true, 2),
        new("10001893", "Staffordshire Moorlands College", ProviderKind.FeCollege, true, 2),
        new("10005540", "Burton Sixth Form College", ProviderKind.SixthFormCollege, true, 2),
        new("10040385", "Staffordshire Digital UTC", ProviderKind.Utc, true, 2),
        new("10058814", "Midland Engineering Training Centre", ProviderKind.Itp, true, 2),
        new("10007321", "Trent Valley University", ProviderKind.University, true, 2),
        new("10067745", "Apex Apprenticeships", ProviderKind.Itp, true, -1),
        new("10069012", "BrightPath Training", ProviderKind.Itp, true, -1),
        new("10033164", "St Aidan's School Sixth Form", ProviderKind.SchoolSixthForm, false, -1),
        new("10081150", "Ribble Logistics Ltd", ProviderKind.Employer, true, 0),
        new("10081377", "Mersey Harbour Health Services", ProviderKind.Employer, true, 0),
        new("10082046", "Solent Marine Engineering", ProviderKind.Employer, true, 1),
        new("10082519", "Purbeck Hospitality Group", ProviderKind.Employer, false, 1),
        new("10083002", "Midland Brewing Company", ProviderKind.Employer, true, 2),
        new("10083348", "Keystone Construction (Midlands) Ltd", ProviderKind.Employer, true, 2),
        new("10084110", "Cobalt Software Ltd", ProviderKind.Employer, false, -1),
        new("10084576", "Greenfield Foods plc", ProviderKind.Employer, true, -1),
        new("LOCAL-ARMED-FORCES", "Armed Forces Careers Team", ProviderKind.Employer, false, -1),
    ];

    public static readonly IReadOnlyList<AdviserPlan> Advisers =
    [
        new("ADV-LLT-01", "Joanne Whitfield", 6, true, "LLT"),
        new("ADV-LLT-02", "Marcus Eccleston", 7, false, "LLT"),
        new("ADV-LLT-03", "Priya Halewood", 4, false, "LLT"),
        new("ADV-LAT-01", "Helen Corfe", 7, true, "LAT"),
        new("ADV-LAT-02", "Owen Tarrant", 6, false, "LAT"),
        new("ADV-JT-01", "Sandra Needham", 6, true, "JTMAT"),
        new("ADV-JT-02", "Callum Rolleston", 6, false, "JTMAT"),
        new("ADV-JT-03", "Bethany Stretton", 4, false, "JTMAT"),
    ];

    public static readonly IReadOnlyList<string> Forenames =
    [
        "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Freya", "Evie",
        "Ella", "Poppy", "Florence", "Willow", "Aisha", "Zara", "Maya", "Niamh", "Erin", "Hannah", "Chloe", "Leah",
        "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Archie", "Henry", "Theo", "Jack",
        "Charlie", "Jacob", "Freddie", "Alfie", "Finley", "Thomas", "Isaac", "Reuben", "Kai", "Ethan", "Yusuf", "Callum", "Rhys",
    ];

    public static readonly IReadOnlyList<string> Surnames =
    [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
        "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Lewis",
        "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander", "O'Brien", "Murphy",
        "Kelly", "Nowak", "Hughes", "Ahmed", "Begum", "Shaw", "Lloyd", "Ellis", "Chapman", "Price", "Kennedy", "Fletcher",
        "Hassan", "Okafor", "McDonald", "Ward",
    ];

    public static readonly IReadOnlyList<string> CurriculumLinks =
    [
        "Maths: careers in finance and data", "English: journalism and publishing", "Science: careers in the NHS",
        "Geography: environmental careers", "Design technology: engineering pathways", "Computing: software and cyber careers",
        "Art: creative industries", "PE: sport and leisure careers", "History: law and public services",
        "Languages: working abroad",
    ];
}
