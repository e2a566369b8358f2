using CertOrleans.Contracts.Time;
using CertOrleans.Contracts.Domiciles;
using CertOrleans.Contracts.Certificates;
using CertOrleans.Contracts.Municipalities;
using CertOrleans.Contracts.Protection;
using CertOrleans.Contracts.Residents;
using CertOrleans.Contracts.Signing;
using CertOrleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using CertOrleans.Documents.Certificates;

namespace CertOrleans.Tests.Protection;

public sealed class DataKeyRotationTests
{
    [Fact]
    public async Task A_rotation_reseals_every_state_while_residents_change_and_the_old_key_can_be_deleted()
    {
        var store = TestStore.Sqlite();
        var people = Enumerable.Range(0, 8).Select(i => TestResidents.Make(400 + i, "6")).ToList();
        var today = JapanTime.DateOf(DateTimeOffset.UtcNow);
        await using (var host = await TestClusterHost.StartAsync(store))
        {
            foreach (var person in people) await host.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey).Apply(person);
            // A registration for 本籍地 issuance with 八王子市, sealed with 宇都宮市's key (the residence's): a rotation
            // once walked past these and deleted the key they were sealed with.
            var particulars = new DomicileParticulars(people[1].FamilyName, people[1].GivenName, people[1].DateOfBirth, "東京都八王子市元本郷町三丁目24番1号", people[1].FamilyName + " 太郎");
            var registration = await host.Grains.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(people[1].Key)).Apply("ctest", "132012", particulars);
            Assert.Equal(DomicileRegistrationStatus.Pending, registration.Status);
            var keys = host.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For("092011"));
            await keys.Rotate("test");

            var rotation = await host.Grains.GetGrain<IDataKeyRotationGrain>(MunicipalityKeys.For("092011")).Rotate("test");
            Assert.Equal(2, rotation.ActiveKeyId);
            // Traffic goes on: a move recorded during the rotation is sealed with whichever key is active, and kept.
            people[0] = people[0] with { SourceVersion = 2, Address = "栃木県宇都宮市本丸町1番1号" };
            await host.Grains.GetGrain<IResidentGrain>(people[0].Key.GrainKey).Apply(people[0]);

            for (var i = 0; i < 120 && rotation.Running; i++)
            {
                await Task.Delay(500);
                rotation = await host.Grains.GetGrain<IDataKeyRotationGrain>(MunicipalityKeys.For("092011")).GetStatus();
            }
            Assert.False(rotation.Running, "the rotation did not finish in 60 s");
            Assert.True(rotation.OldKeysRetired);
            // Seven residents, the registration and the issuing keys; the resident who moved during the rotation was sealed
            // with the new key already.
            Assert.Equal(people.Count - 1 + 1 + 1, rotation.Resealed);

            await using var connection = await host.Cluster.GetSiloServiceProvider().GetRequiredService<RelationalStore>().OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT group_concat(key_id) FROM data_keys WHERE municipality_code = '092011'";
            Assert.Equal("2", Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }

        // Restarted with key 1 gone: everything still opens, so nothing stored needed it.
        await using var restarted = await TestClusterHost.StartAsync(store);
        foreach (var person in people)
            Assert.Equal(person, (await restarted.Grains.GetGrain<IResidentGrain>(person.Key.GrainKey).Prepare(CertificateType.ResidentRecordCopy, today)).Data);
        var signed = await restarted.Grains.GetGrain<IIssuingKeysGrain>(IssuingKeyNames.For("092011")).SignVerificationCode("092011-20261127-ROTATED001", "juminhyo", DateTimeOffset.UtcNow, new byte[32]);
        Assert.True(VerificationCode.TryParse(signed, out _));
        Assert.Equal(DomicileRegistrationStatus.Pending, (await restarted.Grains.GetGrain<IDomicileRegistrationGrain>(DomicileRegistrationKeys.For(people[1].Key)).Get())!.Status);
    }

    [Fact]
    public void Every_grain_with_a_sealed_state_is_a_kind_the_rotation_reseals()
    {
        // A grain whose constructor takes a [ProtectedState] is sealed with a data key: the rotation must know its kind.
        var sealedGrains = typeof(CertOrleans.Grains.Protection.DataKeyRotationGrain).Assembly.GetTypes()
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.GetCustomAttributes(typeof(CertOrleans.Storage.Protection.ProtectedStateAttribute), false).Length > 0)))
            .ToList();
        Assert.NotEmpty(sealedGrains);
        var kinds = CertOrleans.Grains.Protection.DataKeyRotationGrain.SealedKinds.Values.ToList();
        Assert.All(sealedGrains, grain => Assert.Contains(kinds, kind => kind.IsAssignableFrom(grain)));
        Assert.All(kinds, kind => Assert.True(typeof(ISealedStateGrain).IsAssignableFrom(kind), kind.Name));
    }
}
