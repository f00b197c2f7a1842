using System.Text;
using CareersCompliance.Application.Import;

namespace CareersCompliance.Application.IntegrationTests;

/// <summary>Writes small MIS export folders for a test: one school of a trust, its pupils and their provider encounters.</summary>
internal sealed class TestMis : IDisposable
{
    public const string Urn = "100001";
    public const string OtherUrn = "100002";

    public static readonly string PupilA = Upn.Create("820200101001");
    public static readonly string PupilB = Upn.Create("820200101002");
    public static readonly string PupilC = Upn.Create("820200101003");
    public static readonly string OtherPupil = Upn.Create("820200101004");

    private TestMis(string root) => Root = root;

    public string Root { get; }

    public static TestMis Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "careers-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new TestMis(root);
    }

    /// <summary>Year 9 pupils A, B, C in 2025/26; two qualifying encounters with different providers; C absent from the second.</summary>
    public string WriteBaseline(string folder = "baseline")
    {
        var dir = Folder(folder);
        Write(dir, "schools.csv",
            "urn,name,trust_id,trust_name,lowest_year,highest_year,school_type,school_day_start,school_day_end",
            $"{Urn},Test Academy,T1,Test Trust,7,13,academy,08:30,15:30",
            $"{OtherUrn},Other High,T1,Test Trust,7,11,maintained,,");
        Write(dir, "providers.csv",
            "provider_id,name,kind,offers_technical",
            "10000001,North College,fe_college,true",
            "10000002,South Training,itp,true",
            "10000003,City University,university,false");
        Write(dir, "advisers.csv", "adviser_id,name,qualification_level,independent", "ADV-1,Ada Adviser,6,true");
        Write(dir, "pupils.csv",
            "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date",
            $"{PupilA},{Urn},Amira,Zephyrine,2011-10-01,8,2024/25,2024-09-01",
            $"{PupilA},{Urn},Amira,Zephyrine,2011-10-01,9,2025/26,",
            $"{PupilB},{Urn},Ben,Quixote,2011-11-02,9,2025/26,2024-09-01",
            $"{PupilC},{Urn},Cara,Vantablack,2012-01-03,9,2025/26,2024-09-01",
            $"{OtherPupil},{OtherUrn},Dev,Other,2011-12-04,9,2025/26,2024-09-01");
        Write(dir, "activities.csv",
            "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title",
            $"ACT-1,{Urn},provider_encounter,2025-10-10,10:00,11:00,in_person,10000001,,provider_info;careers;learning_like;questions,9,College talk",
            $"ACT-2,{Urn},provider_encounter,2026-01-20,10:00,11:00,in_person,10000002,,provider_info;careers;learning_like;questions,9,Apprenticeships",
            $"ACT-9,{OtherUrn},provider_encounter,2025-11-11,10:00,11:00,in_person,10000001,,provider_info;careers;learning_like;questions,9,Other talk");
        Write(dir, "attendance.csv",
            "activity_id,upn,attended",
            $"ACT-1,{PupilA},true",
            $"ACT-1,{PupilB},true",
            $"ACT-1,{PupilC},true",
            $"ACT-2,{PupilA},true",
            $"ACT-2,{PupilB},true",
            $"ACT-2,{PupilC},false",
            $"ACT-9,{OtherPupil},true");
        return dir;
    }

    /// <summary>
    /// The other school's pupil moves here in January of Year 9, after a second encounter there: a row at each school for
    /// 2025/26 (the pupils key is upn + school_urn + academic_year). Dev had no employer encounter in 2024/25.
    /// </summary>
    public string WriteMove(string folder = "move")
    {
        var dir = Folder(folder);
        Write(dir, "pupils.csv",
            "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date,leaving_date",
            $"{OtherPupil},{OtherUrn},Dev,Other,2011-12-04,9,2025/26,2024-09-01,2026-01-09",
            $"{OtherPupil},{Urn},Dev,Other,2011-12-04,9,2025/26,2026-01-12,");
        Write(dir, "activities.csv",
            "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title",
            $"ACT-10,{OtherUrn},provider_encounter,2025-12-02,10:00,11:00,in_person,10000002,,provider_info;careers;learning_like;questions,9,Other fair");
        Write(dir, "attendance.csv", "activity_id,upn,attended", $"ACT-10,{OtherPupil},true");
        return dir;
    }

    /// <summary>ACT-2 re-exported without the "answers to questions" content item: a correction.</summary>
    public string WriteCorrection(string folder = "correction")
    {
        var dir = Folder(folder);
        Write(dir, "activities.csv",
            "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title",
            $"ACT-2,{Urn},provider_encounter,2026-01-20,10:00,11:00,in_person,10000002,,provider_info;careers;learning_like,9,Apprenticeships");
        return dir;
    }

    public string WriteFile(string folder, string name, params string[] lines)
    {
        var dir = Folder(folder);
        Write(dir, name, lines);
        return Path.Combine(dir, name);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the test result is what matters.
        }
    }

    private string Folder(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void Write(string dir, string name, params string[] lines) =>
        File.WriteAllText(Path.Combine(dir, name), string.Join("\n", lines) + "\n", new UTF8Encoding(false));
}
