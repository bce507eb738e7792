using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NanoCheck;

/// <summary>
/// Reads a built nanoFramework assembly and reports what nanoCLR 1.x cannot run or load: generic type and
/// method definitions, generic instantiations anywhere in its signatures, and references to assemblies that
/// the project's packages and project references do not provide.
/// </summary>
public static class AssemblyCheck
{
    public const string Name = "assembly";

    public static IReadOnlyList<Finding> Run(string assemblyPath, ISet<string> allowedReferences)
    {
        using FileStream stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        string file = Path.GetFileName(assemblyPath);
        var findings = new List<Finding>();
        var provider = new GenericUsageProvider();

        foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
        {
            string name = md.GetString(md.GetAssemblyReference(handle).Name);
            if (!allowedReferences.Contains(name))
            {
                findings.Add(new Finding(Name, $"{file} references assembly {name}, which no package in packages.config (or project reference) provides"));
            }
        }

        foreach (TypeDefinitionHandle typeHandle in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(typeHandle);
            string typeName = provider.GetTypeFromDefinition(md, typeHandle, 0);
            if (type.GetGenericParameters().Count > 0)
            {
                findings.Add(new Finding(Name, $"{file}: generic type definition {typeName}"));
            }

            foreach (FieldDefinitionHandle fieldHandle in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(fieldHandle);
                Scan(findings, provider, file, $"field {typeName}.{md.GetString(field.Name)}", () => field.DecodeSignature(provider, null));
            }

            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(methodHandle);
                string where = $"method {typeName}.{md.GetString(method.Name)}";
                if (method.GetGenericParameters().Count > 0)
                {
                    findings.Add(new Finding(Name, $"{file}: generic method definition {typeName}.{md.GetString(method.Name)}"));
                }

                Scan(findings, provider, file, where, () => method.DecodeSignature(provider, null));
                if (method.RelativeVirtualAddress != 0)
                {
                    MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        StandaloneSignature locals = md.GetStandaloneSignature(body.LocalSignature);
                        Scan(findings, provider, file, $"locals of {where}", () => locals.DecodeLocalSignature(provider, null));
                    }
                }
            }
        }

        foreach (MemberReferenceHandle handle in md.MemberReferences)
        {
            MemberReference member = md.GetMemberReference(handle);
            string where = $"reference to {md.GetString(member.Name)}";
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                Scan(findings, provider, file, where, () => member.DecodeMethodSignature(provider, null));
            }
            else
            {
                Scan(findings, provider, file, where, () => member.DecodeFieldSignature(provider, null));
            }

            if (member.Parent.Kind == HandleKind.TypeSpecification)
            {
                Scan(findings, provider, file, where, () => provider.GetTypeFromSpecification(md, null, (TypeSpecificationHandle)member.Parent, 0));
            }
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var handle = MetadataTokens.TypeSpecificationHandle(row);
            Scan(findings, provider, file, "type specification", () => provider.GetTypeFromSpecification(md, null, handle, 0));
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            MethodSpecification spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            ImmutableArray<string> arguments = spec.DecodeSignature(provider, null);
            findings.Add(new Finding(Name, $"{file}: generic method instantiation {MethodName(md, spec.Method)}<{string.Join(", ", arguments)}>"));
        }

        // One finding per distinct message: the same List<int> shows up in many signatures.
        return findings.DistinctBy(f => f.Message).ToList();
    }

    private static void Scan(List<Finding> findings, GenericUsageProvider provider, string file, string where, Action decode)
    {
        provider.Instantiations.Clear();
        decode();
        foreach (string instantiation in provider.Instantiations)
        {
            findings.Add(new Finding(Name, $"{file}: generic instantiation {instantiation} in {where}"));
        }
    }

    private static string MethodName(MetadataReader md, EntityHandle method) => method.Kind switch
    {
        HandleKind.MethodDefinition => md.GetString(md.GetMethodDefinition((MethodDefinitionHandle)method).Name),
        HandleKind.MemberReference => md.GetString(md.GetMemberReference((MemberReferenceHandle)method).Name),
        _ => "?",
    };
}
