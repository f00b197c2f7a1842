using System.Text;
using CareersCompliance.Application.Import;

namespace CareersCompliance.Resilience.IntegrationTests;

/// <summary>Writes small MIS export folders: one school, three Year 9 pupils, two provider encounters.</summary>
internal sealed class Mis : IDisposable
{
    public const string Urn = "100001";
    public static readonly string PupilA = Upn.Create("820200101001");
    public static readonly string PupilB = Upn.Create("820200101002");
    public static readonly string PupilC = Upn.Create("820200101003");
    public static readonly string PupilD = Upn.Create("820200101004");
    public static readonly string PupilE = Upn.Create("820200101005");

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "careers-res-" + Guid.NewGuid().ToString("N"));

    public string Baseline(string folder = "baseline")
    {
        var dir = Folder(folder);
        Write(dir, "schools.csv", "urn,name,trust_id,trust_name,lowest_year,highest_year,school_type,school_day_start,school_day_end",
            $"{Urn},Test Academy,T1,Test Trust,7,13,academy,08:30,15:30");
        Write(dir, "providers.csv", "provider_id,name,kind,offers_technical", "10000001,North College,fe_college,true", "10000002,South Training,itp,true");
        Write(dir, "pupils.csv", "upn,school_urn,forename,surname,date_of_birth,year_group,academic_year,admission_date",
            $"{PupilA},{Urn},Amira,Zephyrine,2011-10-01,9,2025/26,2024-09-01",
            $"{PupilB},{Urn},Ben,Quixote,2011-11-02,9,2025/26,2024-09-01",
            $"{PupilC},{Urn},Cara,Vantablack,2012-01-03,9,2025/26,2024-09-01");
        Write(dir, "activities.csv", "activity_id,school_urn,kind,date,start_time,end_time,delivery_mode,provider_ids,adviser_id,checklist,year_groups,title",
            $"ACT-1,{Urn},provider_encounter,2025-10-10,10:00,11:00,in_person,10000001,,provider_info;careers;learning_like;questions,9,College talk",
            $"ACT-2,{Urn},provider_encounter,2026-01-20,10:00,11:00,in_person,10000002,,provider_info;careers;learning_like;questions,9,Apprenticeships");
        Write(dir, "attendance.csv", "activity_id,upn,attended",
            $"ACT-1,{PupilA},true", $"ACT-1,{PupilB},true", $"ACT-1,{PupilC},true",
            $"ACT-2,{PupilA},true", $"ACT-2,{PupilB},true", $"ACT-2,{PupilC},false");
        return dir;
    }

    public string File(string folder, string name, params string[] lines)
    {
        var dir = Folder(folder);
        Write(dir, name, lines);
        return Path.Combine(dir, name);
    }

    public string Folder(string name)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    public static void Write(string dir, string name, params string[] lines) =>
        System.IO.File.WriteAllText(Path.Combine(dir, name), string.Join("\n", lines) + "\n", new UTF8Encoding(false));
}
